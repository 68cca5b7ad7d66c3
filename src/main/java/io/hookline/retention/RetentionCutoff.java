package io.hookline.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

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

    public Timestamp succeeded() {
        return Timestamp.from(clock.instant().minus(keepSucceeded));
    }

    public Timestamp events() {
        return Timestamp.from(clock.instant().minus(keepEvents));
    }
}
