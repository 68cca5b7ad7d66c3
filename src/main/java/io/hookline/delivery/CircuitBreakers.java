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
    private final Duration maxCoolDown;
    private final Clock clock;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    public CircuitBreakers(int maxInFlightPerWebhook, int failureThreshold, Duration coolDown, Clock clock) {
        this(maxInFlightPerWebhook, failureThreshold, coolDown, coolDown, clock);
    }

    /**
     * @param coolDown    how long a circuit stays open after it opens
     * @param maxCoolDown how long it may stay open after failed probes: each doubles the cool-down up
     *                    to this, so a long-dead endpoint's backlog is not cycled every cool-down for days
     */
    public CircuitBreakers(int maxInFlightPerWebhook, int failureThreshold, Duration coolDown, Duration maxCoolDown,
                           Clock clock) {
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
        if (maxCoolDown == null || maxCoolDown.compareTo(coolDown) < 0) {
            throw new IllegalArgumentException("maxCoolDown must be at least the cool-down: " + maxCoolDown);
        }
        this.coolDown = coolDown;
        this.maxCoolDown = maxCoolDown;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Asks to start one attempt. A granted permit must be released when the attempt ends; a refused
     * one says when to try again. While the circuit is open that is a whole cool-down from now, not
     * the instant it half-opens: refused at the rate they arrive, a dead endpoint's deliveries then
     * come back at that rate too, instead of all of them at the one instant the circuit half-opens.
     */
    public Permit tryAcquire(String webhookId) {
        State state = state(webhookId);
        Instant now = clock.instant();
        synchronized (state) {
            boolean probe = false;
            if (state.openUntil != null) {
                if (refuses(state, now)) {
                    return Permit.refused(now.plus(state.coolDown));
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

    /**
     * When the circuit alone would refuse an attempt now (open, or half-open with its probe out), the
     * time to come back, as {@link #tryAcquire} would answer; null when it would let one through
     * (closed, or half-open waiting for its probe). Takes no slot: for dispatching, not attempting.
     */
    public Instant refusing(String webhookId) {
        State state = states.get(webhookId);
        if (state == null) {
            return null;
        }
        Instant now = clock.instant();
        synchronized (state) {
            return refuses(state, now) ? now.plus(state.coolDown) : null;
        }
    }

    /**
     * Open, or half-open (the cool-down over) with its one probe out: exactly one attempt tests
     * whether the receiver has recovered, the others are sent away too.
     */
    private static boolean refuses(State state, Instant now) {
        return state.openUntil != null && (now.isBefore(state.openUntil) || state.probe != null);
    }

    /** Ends the failure streak and closes the circuit. */
    public void recordSuccess(String webhookId) {
        State state = state(webhookId);
        synchronized (state) {
            state.consecutiveFailures = 0;
            state.openUntil = null;
            state.coolDown = coolDown;
            state.probe = null;
        }
    }

    /**
     * An operator's repair (a retry, a recover, the webhook enabled or given a new URL): the circuit
     * closes with its cool-down back to the first, so what waits for the endpoint goes out now
     * instead of after a cool-down of up to {@code maxCoolDown}. Should the endpoint still fail,
     * the threshold opens the circuit again.
     */
    public void close(String webhookId) {
        State state = states.get(webhookId);
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.consecutiveFailures = 0;
            state.openUntil = null;
            state.coolDown = coolDown;
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
                    state.coolDown = min(state.coolDown.multipliedBy(2), maxCoolDown);
                    state.openUntil = now.plus(state.coolDown);
                    state.probe = null;
                }
            } else if (state.consecutiveFailures >= failureThreshold) {
                state.coolDown = coolDown;
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private State state(String webhookId) {
        return states.computeIfAbsent(Objects.requireNonNull(webhookId, "webhookId"), id -> new State());
    }

    private static final class State {
        int inFlight;
        int consecutiveFailures;
        Instant openUntil;
        Duration coolDown; // the current one: doubled by each failed probe
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
