package io.hookline.config;

import java.time.Duration;

/** {@code hookline.retention.*}: what the purge removes, how often it runs and how many rows a statement takes. */
public record RetentionSettings(Duration succeeded, Duration events, Duration interval, int batch) {

    static RetentionSettings bind(SettingsSource s) {
        return new RetentionSettings(
                s.duration("hookline.retention.succeeded"),
                s.duration("hookline.retention.events"),
                s.positiveDuration("hookline.retention.interval"),
                s.integer("hookline.retention.batch", 1));
    }
}
