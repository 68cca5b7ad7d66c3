package io.hookline.config;

/** {@code hookline.events.*}: what the ingest accepts and how many consumers read {@code contact.events}. */
public record EventSettings(int maxBytes, int concurrency) {

    static EventSettings bind(SettingsSource s) {
        return new EventSettings(
                s.integer("hookline.events.max-bytes", 1),
                s.integer("hookline.events.concurrency", 1));
    }
}
