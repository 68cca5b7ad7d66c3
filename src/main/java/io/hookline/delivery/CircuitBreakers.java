package io.hookline.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-webhook isolation: a cap on concurrent attempts that shrinks for slow endpoints (see
 * {@link AttemptConcurrency}) and a circuit breaker, so one slow or failing receiver cannot take
 * the delivery capacity of all the others. In memory and thread-safe. A webhook's state is
 * forgotten when it is deleted, or when it has had no attempt for a while (twice the longest
 * cool-down, at least ten minutes), so the map holds only webhooks in use.
 */
public final class CircuitBreakers {

    // When the limit is concurrency, a slot is likely to free up soon.
    private static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(1);
    private static final Duration FORGET_AFTER_AT_LEAST = Duration.ofMinutes(10);
    // weight of the newest attempt in a webhook's latency: a few quick attempts undo a slow one
    private static final double LATENCY_WEIGHT = 0.3;

    private final AttemptConcurrency concurrency;
    private final int failureThreshold;
    private final Duration coolDown;
    private final Duration maxCoolDown;
    private final Duration forgetAfter;
    private final Clock clock;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();
    // the webhooks whose circuit is open (half-open included): what the fan-out parks as it writes
    private final ConcurrentMap<String, State> open = new ConcurrentHashMap<>();
    // every granted permit not yet released, of all webhooks: what slow endpoints hold together
    private final Set<Permit> granted = ConcurrentHashMap.newKeySet();
    private final Object slowBudget = new Object();
    private final Object sweeping = new Object();
    private volatile Instant nextSweep;

    public CircuitBreakers(int maxInFlightPerWebhook, int failureThreshold, Duration coolDown, Clock clock) {
        this(maxInFlightPerWebhook, failureThreshold, coolDown, coolDown, clock);
    }

    public CircuitBreakers(int maxInFlightPerWebhook, int failureThreshold, Duration coolDown, Duration maxCoolDown,
                           Clock clock) {
        this(AttemptConcurrency.fixed(maxInFlightPerWebhook), failureThreshold, coolDown, maxCoolDown, clock);
    }

    /**
     * @param coolDown    how long a circuit stays open after it opens
     * @param maxCoolDown how long it may stay open after failed probes: each doubles the cool-down up
     *                    to this, so a long-dead endpoint's backlog is not cycled every cool-down for days
     */
    public CircuitBreakers(AttemptConcurrency concurrency, int failureThreshold, Duration coolDown, Duration maxCoolDown,
                           Clock clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("coolDown must not be negative: " + coolDown);
        }
        this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
        this.failureThreshold = failureThreshold;
        if (maxCoolDown == null || maxCoolDown.compareTo(coolDown) < 0) {
            throw new IllegalArgumentException("maxCoolDown must be at least the cool-down: " + maxCoolDown);
        }
        this.coolDown = coolDown;
        this.maxCoolDown = maxCoolDown;
        this.forgetAfter = max(maxCoolDown.multipliedBy(2), FORGET_AFTER_AT_LEAST);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Asks to start one attempt. A granted permit must be released when the attempt ends; a refused
     * one says when to try again. While the circuit is open that is a whole cool-down from now, not
     * the instant it half-opens: refused at the rate they arrive, a dead endpoint's deliveries then
     * come back at that rate too, instead of all of them at the one instant the circuit half-opens.
     */
    public Permit tryAcquire(String webhookId) {
        Instant now = clock.instant();
        sweepIfDue(now);
        while (true) {
            State state = state(webhookId);
            synchronized (state) {
                if (state.forgotten) {
                    continue; // swept away meanwhile: take the fresh one
                }
                return tryAcquire(state, now);
            }
        }
    }

    private Permit tryAcquire(State state, Instant now) {
        state.touched = now;
        boolean probe = false;
        if (state.openUntil != null) {
            if (refuses(state, now)) {
                return Permit.refused(now.plus(state.coolDown));
            }
            probe = true;
        }
        Duration latency = state.latency(now, concurrency.slowAfter());
        if (!concurrency.isSlow(latency)) {
            if (concurrency.decide(latency, state.inFlight, 0) == AttemptConcurrency.Decision.ADMIT) {
                return grant(state, now, probe, false);
            }
            return Permit.busy(now.plus(IN_FLIGHT_RETRY));
        }
        // the count and the grant under one lock: slow webhooks never hold more than their budget
        Duration spacing = concurrency.spacing(latency);
        synchronized (slowBudget) {
            if (concurrency.decide(latency, state.inFlight, slowInFlight(now)) == AttemptConcurrency.Decision.ADMIT) {
                // one delivery fewer waiting: the next one refused need not wait behind it
                if (state.nextReturn != null) {
                    state.nextReturn = max(now, state.nextReturn.minus(spacing));
                }
                return grant(state, now, probe, true);
            }
        }
        // a slow endpoint's backlog comes back at about the rate its slots free, not all at once:
        // each refused delivery a slot's time after the one refused before it
        Instant next = max(state.nextReturn == null ? now : state.nextReturn, now).plus(max(spacing, IN_FLIGHT_RETRY));
        state.nextReturn = next.isAfter(now.plus(maxCoolDown)) ? now.plus(maxCoolDown) : next;
        return Permit.refused(state.nextReturn);
    }

    private Permit grant(State state, Instant now, boolean probe, boolean slow) {
        state.inFlight++;
        Permit permit = new Permit(this, state, now, slow);
        state.permits.add(permit);
        granted.add(permit);
        if (probe) {
            state.probe = permit;
        }
        return permit;
    }

    /** Attempts in flight that are slow: of a webhook known to be slow, or running long themselves. */
    private int slowInFlight(Instant now) {
        if (concurrency.slowAfter() == null) {
            return 0;
        }
        int slow = 0;
        for (Permit p : granted) {
            if (p.isSlow(now, concurrency.slowAfter())) {
                slow++;
            }
        }
        return slow;
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
     * Every webhook whose circuit would refuse an attempt now, with the time to come back (see
     * {@link #refusing}); empty while every circuit is closed. Reads the open circuits only.
     */
    public Map<String, Instant> refusingNow() {
        if (open.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        Map<String, Instant> refusing = new HashMap<>();
        open.forEach((id, state) -> {
            synchronized (state) {
                if (!state.forgotten && refuses(state, now)) {
                    refusing.put(id, now.plus(state.coolDown));
                }
            }
        });
        return refusing;
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
            state.touched = clock.instant();
            state.consecutiveFailures = 0;
            state.openUntil = null;
            state.coolDown = coolDown;
            state.probe = null;
            open.remove(webhookId, state);
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
            open.remove(webhookId, state);
        }
    }

    /** Extends the failure streak; opens the circuit at the threshold, reopens it at once when half-open. */
    public void recordFailure(String webhookId) {
        State state = state(webhookId);
        Instant now = clock.instant();
        synchronized (state) {
            state.touched = now;
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
                open.put(webhookId, state);
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

    /** A deleted webhook's state goes at once; attempts still in flight release into the void. */
    public void forget(String webhookId) {
        State state = states.get(webhookId);
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.forgotten = true;
            states.remove(webhookId, state);
            open.remove(webhookId, state);
        }
    }

    /** Webhooks whose state is held. */
    public int webhooksKnown() {
        return states.size();
    }

    /** The latency that rules a webhook's attempts now, null while not known (for tests and the JMX view). */
    public Duration latency(String webhookId) {
        State state = states.get(webhookId);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            return state.latency(clock.instant(), concurrency.slowAfter());
        }
    }

    /** At most every quarter of {@code forgetAfter}: drops webhooks idle that long, with nothing in flight. */
    private void sweepIfDue(Instant now) {
        Instant due = nextSweep;
        if (due != null && now.isBefore(due)) {
            return;
        }
        synchronized (sweeping) {
            if (nextSweep != null && now.isBefore(nextSweep)) {
                return;
            }
            nextSweep = now.plus(forgetAfter.dividedBy(4));
        }
        Instant idleSince = now.minus(forgetAfter);
        states.forEach((id, state) -> {
            synchronized (state) {
                if (state.inFlight == 0 && state.touched.isBefore(idleSince)) {
                    state.forgotten = true;
                    states.remove(id, state);
                    open.remove(id, state);
                }
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private State state(String webhookId) {
        return states.computeIfAbsent(Objects.requireNonNull(webhookId, "webhookId"), id -> new State(clock.instant()));
    }

    private static final class State {
        int inFlight;
        int consecutiveFailures;
        Instant openUntil;
        Duration coolDown; // the current one: doubled by each failed probe
        Permit probe; // the one attempt let through while half-open, if any
        final List<Permit> permits = new ArrayList<>(2);
        // how long its permits are held, weighted towards the newest; -1 while none has ended
        volatile long latencyNanos = -1;
        Instant nextReturn; // when the next refused delivery of a slow webhook is sent back
        Instant touched;
        boolean forgotten;

        State(Instant now) {
            this.touched = now;
        }

        /**
         * What its attempts take: the measured latency, or longer while an attempt in flight has
         * been running longer; null while nothing is known (no attempt ended, none running long).
         */
        Duration latency(Instant now, Duration slowAfter) {
            Duration oldest = null;
            for (Permit p : permits) {
                Duration age = Duration.between(p.grantedAt, now);
                oldest = oldest == null ? age : max(oldest, age);
            }
            long measured = latencyNanos;
            if (measured < 0) {
                return oldest != null && slowAfter != null && oldest.compareTo(slowAfter) > 0 ? oldest : null;
            }
            return oldest == null ? Duration.ofNanos(measured) : max(Duration.ofNanos(measured), oldest);
        }

        void held(Duration held) {
            long nanos = Math.max(0, held.toNanos());
            long measured = latencyNanos;
            latencyNanos = measured < 0 ? nanos : (long) (measured + LATENCY_WEIGHT * (nanos - measured));
        }
    }

    /** The answer to {@link #tryAcquire}; closing it releases the slot, and tells how long it was held. */
    public static final class Permit implements AutoCloseable {

        private final CircuitBreakers owner;
        private final State state;
        private final Instant grantedAt;
        private final boolean slowWhenGranted;
        private final Instant retryAt;
        private final boolean busy;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(CircuitBreakers owner, State state, Instant grantedAt, boolean slowWhenGranted) {
            this.owner = owner;
            this.state = state;
            this.grantedAt = grantedAt;
            this.slowWhenGranted = slowWhenGranted;
            this.retryAt = null;
            this.busy = false;
        }

        private Permit(Instant retryAt, boolean busy) {
            this.owner = null;
            this.state = null;
            this.grantedAt = null;
            this.slowWhenGranted = false;
            this.retryAt = retryAt;
            this.busy = busy;
        }

        /**
         * Granted to a webhook that was slow then, running longer than {@code slowAfter} itself, or
         * of a webhook whose attempts take longer (read without its lock).
         */
        private boolean isSlow(Instant now, Duration slowAfter) {
            return slowWhenGranted || state.latencyNanos > slowAfter.toNanos()
                    || Duration.between(grantedAt, now).compareTo(slowAfter) > 0;
        }

        private static Permit refused(Instant retryAt) {
            return new Permit(retryAt, false);
        }

        /** Refused only because a healthy webhook has all its slots in use: one frees within an attempt's time. */
        private static Permit busy(Instant retryAt) {
            return new Permit(retryAt, true);
        }

        /** Refused only for want of a free slot of a healthy webhook (not cooling down, not slow). */
        public boolean busy() {
            return busy;
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
            Instant now = owner.clock.instant();
            synchronized (state) {
                state.inFlight--;
                state.permits.remove(this);
                state.held(Duration.between(grantedAt, now));
                state.touched = now;
                // A probe that ends without an outcome must not keep the circuit half-open forever.
                if (state.probe == this) {
                    state.probe = null;
                }
            }
            owner.granted.remove(this);
        }

        @Override
        public void close() {
            release();
        }
    }
}
