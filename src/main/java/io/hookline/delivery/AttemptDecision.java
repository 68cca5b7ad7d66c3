package io.hookline.delivery;

import java.time.Instant;

/** What follows an attempt (see {@link AttemptDecisions#decide}). */
public sealed interface AttemptDecision {

    /** A 2xx: the delivery succeeded. */
    record Succeeded() implements AttemptDecision {
    }

    /** Try again at once, in this process: the failure may pass in a moment and retries are left. */
    record RetryNow() implements AttemptDecision {
    }

    /** Hookline's own failure before or after the call: nothing to record; the lease brings the delivery back. */
    record NotAttempted() implements AttemptDecision {
    }

    /** The attempt failed: the next one at {@code at}; the webhook disabled too when {@code disable} is set. */
    record Reschedule(Instant at, Disable disable) implements AttemptDecision {
    }

    /** The attempt failed and no other follows: the delivery is dead; the webhook disabled too when {@code disable} is set. */
    record Dead(String reason, Disable disable) implements AttemptDecision {
    }

    /**
     * The webhook is disabled with {@code reason}: at once ({@code failingSince} null, e.g. 410
     * Gone), or only if it is still failing without a success since {@code failingSince} when the
     * failure is recorded (a success in the meantime ends the streak and keeps it enabled).
     */
    record Disable(String reason, Instant failingSince) {
    }
}
