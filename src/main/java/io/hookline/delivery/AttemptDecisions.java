package io.hookline.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision after an attempt, as one pure function of the delivery, what the attempt gave and
 * the time: succeeded; retried at once in process (only failures that may pass in a moment:
 * refused or reset connections, 5xx but 503, Hookline's own hiccups; a timeout would hold a thread
 * for the whole timeout again, and 4xx, 410 and 503 will not change in a moment); rescheduled on
 * the retry schedule, stretched towards a 429's or 503's {@code Retry-After} up to twice the
 * scheduled delay; dead once the schedule is exhausted; and the webhook disabled on 410 Gone or
 * once it has been failing without a success for longer than {@code disableAfter}.
 */
public class AttemptDecisions {

    private final RetrySchedule schedule;
    private final int maxInProcessRetries;
    private final Duration disableAfter;

    public AttemptDecisions(RetrySchedule schedule, int maxInProcessRetries, Duration disableAfter) {
        this.schedule = schedule;
        this.maxInProcessRetries = maxInProcessRetries;
        this.disableAfter = disableAfter;
    }

    /**
     * @param delivery         the delivery as claimed (null when the claim itself failed)
     * @param failure          why the attempt failed; null for a 2xx
     * @param inProcessRetries how many in-process retries this attempt has had already
     */
    public AttemptDecision decide(InFlightDelivery delivery, AttemptFailure failure, int inProcessRetries, Instant now) {
        if (failure == null) {
            return new AttemptDecision.Succeeded();
        }
        if (inProcessRetries < maxInProcessRetries && passesInAMoment(failure)) {
            return new AttemptDecision.RetryNow();
        }
        if (delivery == null || !delivery.attemptStarted() || !failure.isAttempt()) {
            return new AttemptDecision.NotAttempted();
        }
        if (failure.kind() == AttemptFailure.Kind.STATUS && failure.statusCode() == 410) {
            return new AttemptDecision.Dead("410 Gone: webhook disabled",
                    new AttemptDecision.Disable("the endpoint answered 410 Gone at " + now, null));
        }
        Instant failingSince = delivery.failingSince();
        AttemptDecision.Disable disable = failingSince != null && Duration.between(failingSince, now).compareTo(disableAfter) > 0
                ? new AttemptDecision.Disable("failing without a success since " + failingSince, failingSince)
                : null;
        Optional<Duration> delay = schedule.delayAfter(delivery.scheduleStep());
        if (delay.isEmpty()) {
            return new AttemptDecision.Dead("retry schedule exhausted", disable);
        }
        Duration wait = delay.get();
        if (failure.statusCode() != null && (failure.statusCode() == 429 || failure.statusCode() == 503)) {
            wait = schedule.honourRetryAfter(wait, failure.retryAfter(), now);
        }
        return new AttemptDecision.Reschedule(now.plus(wait), disable);
    }

    private static boolean passesInAMoment(AttemptFailure f) {
        return switch (f.kind()) {
            case STATUS -> f.statusCode() >= 500 && f.statusCode() != 503;
            case TIMEOUT -> false;
            case NETWORK, INTERNAL -> true;
        };
    }
}
