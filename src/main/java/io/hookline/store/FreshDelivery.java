package io.hookline.store;

import java.time.Duration;

/**
 * A delivery this instance has just created, with what its first attempt needs, attempted without
 * a claim while {@code claimFreeUntilNanos} (a {@link System#nanoTime()}) has not passed.
 * <p>
 * Why no claim is needed then: nothing else can attempt it. It was created held by this instance,
 * due only when its lease ends, and handed to this instance's delivery threads in memory (never
 * through the broker, so never redelivered); the retry scheduler takes it only once the lease has
 * ended, and another instance only once this one is declared dead, which the
 * {@link io.hookline.delivery.ClaimFence} checks before every request. Within the lease's first half,
 * an attempt keeps at least half a lease to finish, as a claimed one does. Its outcome is written,
 * like any, only while the delivery's dispatch_seq is still the one it was created with.
 * <p>
 * And at most {@link #AT_MOST} after the fan-out: what it knows of the webhook (URL, secrets, enabled)
 * was read then, so an edit, a disable or a delete reaches every delivery attempted later than that.
 * Past either, the delivery is claimed in PostgreSQL like any other, which reads the webhook afresh.
 */
public record FreshDelivery(ClaimedDelivery claimed, long claimFreeUntilNanos) {

    public static final Duration AT_MOST = Duration.ofSeconds(2);

    /** Claim-free until the first half of the lease or {@link #AT_MOST}, whichever ends first. */
    public static long claimFreeUntil(long createdNanos, Duration lease) {
        return createdNanos + Math.min(lease.toNanos() / 2, AT_MOST.toNanos());
    }

    public boolean claimFree(long nowNanos) {
        return nowNanos - claimFreeUntilNanos < 0;
    }
}
