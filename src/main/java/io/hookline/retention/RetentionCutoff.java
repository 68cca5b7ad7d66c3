package io.hookline.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/** The time before which succeeded deliveries are purged. */
public class RetentionCutoff {

    private final Duration keepSucceeded;
    private final Clock clock;

    public RetentionCutoff(Duration keepSucceeded, Clock clock) {
        this.keepSucceeded = keepSucceeded;
        this.clock = clock;
    }

    public Timestamp succeeded() {
        return Timestamp.from(clock.instant().minus(keepSucceeded));
    }
}
