package io.hookline.config;

import java.time.Duration;

/**
 * {@code hookline.events.*}: what the ingest accepts, how long {@code POST /api/events} waits for
 * the broker to take an event, and how many consumers read {@code contact.events}.
 */
public record EventSettings(int maxBytes, Duration publishTimeout, int concurrency) {

    static EventSettings bind(SettingsSource s) {
        return new EventSettings(
                s.integer("hookline.events.max-bytes", 1),
                s.positiveDuration("hookline.events.publish-timeout"),
                s.integer("hookline.events.concurrency", 1));
    }
}
