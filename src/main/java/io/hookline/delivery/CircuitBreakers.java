package io.hookline.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-webhook isolation: a cap on concurrent attempts and a circuit breaker, so one slow or failing
 * receiver cannot take the delivery capacity of all the others. In memory and thread-safe.
 */
public final class CircuitBreakers {

    // When the limit is concurrency, a slot is likely to free up soon.
    private static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(1);

    private final int maxInFlightPerWebhook;
    private final int failureThreshold;
    private final Duration coolDown;
    private final Clock clock;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    public CircuitBreakers(int maxInFlightPerWebhook, int failureThreshold, Duration coolDown, Clock clock) {
        if (maxInFlightPerWebhook < 1) {
            throw new IllegalArgumentException("maxInFlightPerWebhook must be at least 1: " + maxInFlightPerWebhook);
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("coolDown must not be negative: " + coolDown);
        }
        this.maxInFlightPerWebhook = maxInFlightPerWebhook;
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Asks to start one attempt. A granted permit must be released when the attempt ends; a refused
     * one says when to try again.
     */
    public Permit tryAcquire(String webhookId) {
        State state = state(webhookId);
        Instant now = clock.instant();
        synchronized (state) {
            boolean probe = false;
            if (state.openUntil != null) {
                if (now.isBefore(state.openUntil)) {
                    return Permit.refused(state.openUntil);
                }
                // Half-open: exactly one attempt tests whether the receiver has recovered. The others
                // wait a cool-down rather than a second: a dead endpoint's backlog would otherwise come
                // back every second while the probe waits for its timeout.
                if (state.probe != null) {
                    return Permit.refused(now.plus(coolDown));
                }
                probe = true;
            }
            if (state.inFlight >= maxInFlightPerWebhook) {
                return Permit.refused(now.plus(IN_FLIGHT_RETRY));
            }
            state.inFlight++;
            Permit permit = new Permit(state);
            if (probe) {
                state.probe = permit;
            }
            return permit;
        }
    }

    /** Ends the failure streak and closes the circuit. */
    public void recordSuccess(String webhookId) {
        State state = state(webhookId);
        synchronized (state) {
            state.consecutiveFailures = 0;
            state.openUntil = null;
            state.probe = null;
        }
    }

    /** Extends the failure streak; opens the circuit at the threshold, reopens it at once when half-open. */
    public void recordFailure(String webhookId) {
        State state = state(webhookId);
        Instant now = clock.instant();
        synchronized (state) {
            state.consecutiveFailures++;
            if (state.openUntil != null) {
                // Failures of attempts started before the circuit opened do not prolong the cool-down.
                if (!now.isBefore(state.openUntil)) {
                    state.openUntil = now.plus(coolDown);
                    state.probe = null;
                }
            } else if (state.consecutiveFailures >= failureThreshold) {
                state.openUntil = now.plus(coolDown);
            }
        }
    }

    public int inFlight(String webhookId) {
        State state = states.get(webhookId);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.inFlight;
        }
    }

    /** True from the moment the circuit opens until a success closes it, including the half-open phase. */
    public boolean isOpen(String webhookId) {
        State state = states.get(webhookId);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            return state.openUntil != null;
        }
    }

    private State state(String webhookId) {
        return states.computeIfAbsent(Objects.requireNonNull(webhookId, "webhookId"), id -> new State());
    }

    private static final class State {
        int inFlight;
        int consecutiveFailures;
        Instant openUntil;
        Permit probe; // the one attempt let through while half-open, if any
    }

    /** The answer to {@link #tryAcquire}; closing it releases the slot. */
    public static final class Permit implements AutoCloseable {

        private final State state;
        private final Instant retryAt;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(State state) {
            this.state = state;
            this.retryAt = null;
        }

        private Permit(Instant retryAt) {
            this.state = null;
            this.retryAt = retryAt;
        }

        private static Permit refused(Instant retryAt) {
            return new Permit(retryAt);
        }

        public boolean granted() {
            return state != null;
        }

        /** When a refused attempt may be tried again; {@code null} for a granted permit. */
        public Instant retryAt() {
            return retryAt;
        }

        /** Frees the slot; calling it again, or on a refused permit, does nothing. */
        public void release() {
            if (state == null || !released.compareAndSet(false, true)) {
                return;
            }
            synchronized (state) {
                state.inFlight--;
                // A probe that ends without an outcome must not keep the circuit half-open forever.
                if (state.probe == this) {
                    state.probe = null;
                }
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
