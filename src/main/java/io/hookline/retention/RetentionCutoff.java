package io.hookline.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The times before which succeeded deliveries, and events no delivery needs any more, are purged. */
public class RetentionCutoff {

    private final Duration keepSucceeded;
    private final Duration keepEvents;
    private final Clock clock;

    public RetentionCutoff(Duration keepSucceeded, Duration keepEvents, Clock clock) {
        this.keepSucceeded = keepSucceeded;
        this.keepEvents = keepEvents;
        this.clock = clock;
    }

    public Instant succeeded() {
        return clock.instant().minus(keepSucceeded);
    }

    public Instant events() {
        return clock.instant().minus(keepEvents);
    }
}
