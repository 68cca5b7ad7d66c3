package io.hookline.instance;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Who this instance is, in the instance table and on the deliveries it holds, and whether it may
 * still act for what it claimed. An instance may send a delivery only while the identity that
 * claimed it is still its own and its heartbeat is recent enough that no other instance can have
 * declared it dead: a JVM paused past that (a stop signal, a long GC) finds on resuming that it
 * holds nothing any more, and leaves the deliveries to whoever took them over.
 */
public final class InstanceIdentity {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long trustNanos;
    private final LongSupplier nanoTime;
    private volatile String id;
    private volatile long lastBeatNanos;
    private volatile boolean beaten;

    /**
     * @param trustNanos how long after the start of its last successful heartbeat the instance still
     *                   trusts that it is alive: less than the time after which others declare it dead
     */
    public InstanceIdentity(String id, long trustNanos, LongSupplier nanoTime) {
        this.id = id;
        this.trustNanos = trustNanos;
        this.nanoTime = nanoTime;
    }

    public static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "inst_" + HexFormat.of().formatHex(bytes);
    }

    public String id() {
        return id;
    }

    /** A heartbeat that started at {@code startedNanos} was recorded. */
    void beaten(long startedNanos) {
        lastBeatNanos = startedNanos;
        beaten = true;
    }

    /** Declared dead by another instance: from now on this one acts under a new identity. */
    void renamed(String newId, long startedNanos) {
        id = newId;
        beaten(startedNanos);
    }

    /** True while work claimed under {@code holder} is still this instance's to do. */
    public boolean holds(String holder) {
        return beaten && id.equals(holder) && nanoTime.getAsLong() - lastBeatNanos < trustNanos;
    }
}
