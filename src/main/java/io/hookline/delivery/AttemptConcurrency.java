package io.hookline.delivery;

import java.time.Duration;

/**
 * How many attempts a webhook may have in flight, from how long its attempts take. Quick
 * endpoints get {@code maxInFlight}; a slow one (its attempts taking longer than {@code slowAfter})
 * gets fewer the slower it is, down to one, and only within {@code slowBudget}: the attempts in
 * flight of all slow webhooks together, so that slow endpoints, however many, never hold more
 * than that many delivery consumers. A webhook not measured yet gets one attempt at a time until
 * one ends or runs long, so that new endpoints cannot take every consumer before they are known.
 * A success does not make an endpoint quick: holding a consumer for ten seconds costs the others
 * the same whatever the answer.
 *
 * <p>Pure: the caller keeps the counts and the latency. {@code slowAfter} null turns the latency
 * rules off (every webhook gets {@code maxInFlight}).
 */
public record AttemptConcurrency(int maxInFlight, Duration slowAfter, int slowBudget) {

    public enum Decision {
        ADMIT,
        /** the webhook has as many attempts in flight as its latency allows */
        AT_WEBHOOK_LIMIT,
        /** the webhook is slow and slow webhooks already hold their whole budget */
        OVER_SLOW_BUDGET
    }

    public AttemptConcurrency {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        if (slowAfter != null && (slowAfter.isNegative() || slowAfter.isZero())) {
            throw new IllegalArgumentException("slowAfter must be positive: " + slowAfter);
        }
        if (slowBudget < 1) {
            throw new IllegalArgumentException("slowBudget must be at least 1: " + slowBudget);
        }
    }

    /** No latency rules: {@code maxInFlight} for every webhook. */
    public static AttemptConcurrency fixed(int maxInFlight) {
        return new AttemptConcurrency(maxInFlight, null, Integer.MAX_VALUE);
    }

    /** Whether attempts taking this long (null: not known) make a webhook slow. */
    public boolean isSlow(Duration latency) {
        return slowAfter != null && latency != null && latency.compareTo(slowAfter) > 0;
    }

    /**
     * Attempts a webhook may have in flight: all of them while quick, one while unknown, and
     * {@code maxInFlight x slowAfter / latency} while slow (at least one): what it would hold if
     * it were quick, spread over the time it takes.
     */
    public int limit(Duration latency) {
        if (slowAfter == null) {
            return maxInFlight;
        }
        if (latency == null) {
            return 1;
        }
        if (!isSlow(latency)) {
            return maxInFlight;
        }
        long share = maxInFlight * slowAfter.toNanos() / Math.max(1, latency.toNanos());
        return (int) Math.max(1, Math.min(maxInFlight, share));
    }

    /**
     * @param latency      how long the webhook's attempts take (null: not known yet)
     * @param inFlight     its attempts in flight
     * @param slowInFlight attempts of slow webhooks in flight, its own included
     */
    public Decision decide(Duration latency, int inFlight, int slowInFlight) {
        if (inFlight >= limit(latency)) {
            return Decision.AT_WEBHOOK_LIMIT;
        }
        if (isSlow(latency) && slowInFlight >= slowBudget) {
            return Decision.OVER_SLOW_BUDGET;
        }
        return Decision.ADMIT;
    }

    /**
     * How far apart a slow webhook's refused deliveries are sent back: about the time it takes one
     * of its slots to free, so that a backlog returns at the rate it can be served, not all at once.
     */
    public Duration spacing(Duration latency) {
        return latency.dividedBy(limit(latency));
    }
}
