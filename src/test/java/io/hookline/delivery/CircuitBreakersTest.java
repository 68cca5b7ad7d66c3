package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private static final Duration COOL_DOWN = Duration.ofMinutes(1);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T06:00:00Z"));
    private final CircuitBreakers breakers = new CircuitBreakers(2, 3, COOL_DOWN, clock);

    @Test
    void grantsUpToTheInFlightLimitPerWebhook() {
        CircuitBreakers.Permit first = breakers.tryAcquire("wh_a");
        CircuitBreakers.Permit second = breakers.tryAcquire("wh_a");
        CircuitBreakers.Permit third = breakers.tryAcquire("wh_a");

        assertThat(first.granted()).isTrue();
        assertThat(second.granted()).isTrue();
        assertThat(third.granted()).isFalse();
        assertThat(third.retryAt()).isEqualTo(clock.instant().plusSeconds(1));
        assertThat(breakers.inFlight("wh_a")).isEqualTo(2);
    }

    @Test
    void anOperatorsRepairClosesAnOpenCircuitAtOnceWithTheFirstCoolDownAgain() {
        for (int i = 0; i < 3; i++) {
            breakers.recordFailure("wh_a");
        }
        assertThat(breakers.refusing("wh_a")).isNotNull();

        breakers.close("wh_a");

        assertThat(breakers.isOpen("wh_a")).isFalse();
        assertThat(breakers.refusing("wh_a")).isNull();
        assertThat(breakers.tryAcquire("wh_a").granted()).isTrue();
        // the streak starts again from nothing: it takes the whole threshold to open again
        breakers.recordFailure("wh_a");
        breakers.recordFailure("wh_a");
        assertThat(breakers.isOpen("wh_a")).isFalse();
        breakers.recordFailure("wh_a");
        assertThat(breakers.refusing("wh_a")).isEqualTo(clock.instant().plus(COOL_DOWN));
    }

    @Test
    void theWebhooksRefusingNowAreThoseWhoseCircuitIsOpenUntilASuccessARepairOrADeleteClosesIt() {
        assertThat(breakers.refusingNow()).as("every circuit closed").isEmpty();
        for (String id : List.of("wh_a", "wh_b", "wh_c", "wh_d")) {
            for (int i = 0; i < 3; i++) {
                breakers.recordFailure(id);
            }
        }
        breakers.recordFailure("wh_e"); // below the threshold: closed
        assertThat(breakers.refusingNow()).containsOnlyKeys("wh_a", "wh_b", "wh_c", "wh_d")
                .containsEntry("wh_a", clock.instant().plus(COOL_DOWN));

        breakers.recordSuccess("wh_a");
        breakers.close("wh_b");
        breakers.forget("wh_c");
        assertThat(breakers.refusingNow()).containsOnlyKeys("wh_d");

        // half-open, its probe not yet out: one attempt may go, so the fan-out hands deliveries over
        clock.advance(COOL_DOWN);
        assertThat(breakers.refusingNow()).isEmpty();
        CircuitBreakers.Permit probe = breakers.tryAcquire("wh_d");
        assertThat(probe.granted()).isTrue();
        assertThat(breakers.refusingNow()).as("the probe out").containsOnlyKeys("wh_d");
    }

    @Test
    void closingTheCircuitOfAWebhookNeverSeenChangesNothing() {
        breakers.close("wh_unknown");
        assertThat(breakers.isOpen("wh_unknown")).isFalse();
        assertThat(breakers.inFlight("wh_unknown")).isZero();
    }

    @Test
    void oneWebhookAtItsLimitDoesNotBlockAnother() {
        breakers.tryAcquire("wh_a");
        breakers.tryAcquire("wh_a");

        assertThat(breakers.tryAcquire("wh_b").granted()).isTrue();
    }

    @Test
    void releasingFreesASlotAndIsIdempotent() {
        CircuitBreakers.Permit first = breakers.tryAcquire("wh_a");
        breakers.tryAcquire("wh_a");

        first.release();
        first.release();
        first.close();

        assertThat(breakers.inFlight("wh_a")).isEqualTo(1);
        assertThat(breakers.tryAcquire("wh_a").granted()).isTrue();
        assertThat(breakers.inFlight("wh_a")).isEqualTo(2);
    }

    @Test
    void releasingARefusedPermitChangesNothing() {
        breakers.tryAcquire("wh_a");
        breakers.tryAcquire("wh_a");
        CircuitBreakers.Permit refused = breakers.tryAcquire("wh_a");

        refused.release();

        assertThat(breakers.inFlight("wh_a")).isEqualTo(2);
    }

    @Test
    void tryWithResourcesReleasesThePermit() {
        try (CircuitBreakers.Permit permit = breakers.tryAcquire("wh_a")) {
            assertThat(permit.granted()).isTrue();
            assertThat(breakers.inFlight("wh_a")).isEqualTo(1);
        }
        assertThat(breakers.inFlight("wh_a")).isZero();
    }

    @Test
    void opensAfterThresholdConsecutiveFailuresUntilCoolDownEnds() {
        failTimes("wh_a", 2);
        assertThat(breakers.isOpen("wh_a")).isFalse();

        failTimes("wh_a", 1);

        assertThat(breakers.isOpen("wh_a")).isTrue();
        CircuitBreakers.Permit refused = breakers.tryAcquire("wh_a");
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAt()).isEqualTo(clock.instant().plus(COOL_DOWN));
    }

    @Test
    void successResetsTheFailureStreak() {
        failTimes("wh_a", 2);
        breakers.recordSuccess("wh_a");
        failTimes("wh_a", 2);

        assertThat(breakers.isOpen("wh_a")).isFalse();
        assertThat(breakers.tryAcquire("wh_a").granted()).isTrue();
    }

    @Test
    void openCircuitOfOneWebhookDoesNotAffectAnother() {
        failTimes("wh_a", 3);

        assertThat(breakers.tryAcquire("wh_b").granted()).isTrue();
        assertThat(breakers.isOpen("wh_b")).isFalse();
    }

    @Test
    void afterCoolDownLetsExactlyOneProbeThroughAndSendsTheRestAwayForACoolDown() {
        failTimes("wh_a", 3);
        clock.advance(COOL_DOWN);

        CircuitBreakers.Permit probe = breakers.tryAcquire("wh_a");
        CircuitBreakers.Permit second = breakers.tryAcquire("wh_a");

        assertThat(probe.granted()).isTrue();
        assertThat(second.granted()).isFalse();
        assertThat(second.retryAt()).isEqualTo(clock.instant().plus(COOL_DOWN));
    }

    @Test
    void successfulProbeClosesTheCircuit() {
        failTimes("wh_a", 3);
        clock.advance(COOL_DOWN);
        try (CircuitBreakers.Permit probe = breakers.tryAcquire("wh_a")) {
            assertThat(probe.granted()).isTrue();
            breakers.recordSuccess("wh_a");
        }

        assertThat(breakers.isOpen("wh_a")).isFalse();
        assertThat(breakers.tryAcquire("wh_a").granted()).isTrue();
        assertThat(breakers.tryAcquire("wh_a").granted()).isTrue();
    }

    @Test
    void failedProbeReopensImmediatelyForAnotherCoolDown() {
        failTimes("wh_a", 3);
        clock.advance(COOL_DOWN.plusSeconds(5));
        try (CircuitBreakers.Permit probe = breakers.tryAcquire("wh_a")) {
            assertThat(probe.granted()).isTrue();
            breakers.recordFailure("wh_a");
        }

        CircuitBreakers.Permit refused = breakers.tryAcquire("wh_a");
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAt()).isEqualTo(clock.instant().plus(COOL_DOWN));
    }

    @Test
    void deliveriesRefusedLaterInTheCoolDownWaitAWholeCoolDownFromThen() {
        failTimes("wh_a", 3);
        clock.advance(Duration.ofSeconds(50));

        CircuitBreakers.Permit refused = breakers.tryAcquire("wh_a");

        // not the instant the circuit half-opens, where the whole backlog would meet
        assertThat(refused.retryAt()).isEqualTo(clock.instant().plus(COOL_DOWN));
    }

    @Test
    void eachFailedProbeDoublesTheCoolDownUpToTheMaximumAndASuccessResetsIt() {
        CircuitBreakers growing = new CircuitBreakers(2, 3, COOL_DOWN, Duration.ofMinutes(3), clock);
        for (int i = 0; i < 3; i++) {
            growing.recordFailure("wh_a");
        }
        List<Duration> coolDowns = new ArrayList<>();
        for (int probe = 0; probe < 3; probe++) {
            clock.advance(Duration.ofMinutes(10));
            try (CircuitBreakers.Permit p = growing.tryAcquire("wh_a")) {
                assertThat(p.granted()).isTrue();
                growing.recordFailure("wh_a");
            }
            coolDowns.add(Duration.between(clock.instant(), growing.tryAcquire("wh_a").retryAt()));
        }
        assertThat(coolDowns).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(3));

        clock.advance(Duration.ofMinutes(10));
        try (CircuitBreakers.Permit p = growing.tryAcquire("wh_a")) {
            growing.recordSuccess("wh_a");
        }
        for (int i = 0; i < 3; i++) {
            growing.recordFailure("wh_a");
        }
        assertThat(growing.tryAcquire("wh_a").retryAt()).isEqualTo(clock.instant().plus(COOL_DOWN));
    }

    @Test
    void probeReleasedWithoutOutcomeAllowsANewProbe() {
        failTimes("wh_a", 3);
        clock.advance(COOL_DOWN);
        breakers.tryAcquire("wh_a").release();

        assertThat(breakers.tryAcquire("wh_a").granted()).isTrue();
    }

    @Test
    void lateFailuresWhileOpenDoNotProlongTheCoolDown() {
        failTimes("wh_a", 3);
        clock.advance(Duration.ofSeconds(30));

        failTimes("wh_a", 1);
        clock.advance(Duration.ofSeconds(30));

        assertThat(breakers.tryAcquire("wh_a").granted()).isTrue();
    }

    @Test
    void unknownWebhookIsClosedWithNothingInFlight() {
        assertThat(breakers.inFlight("wh_unknown")).isZero();
        assertThat(breakers.isOpen("wh_unknown")).isFalse();
    }

    @Test
    void concurrentAcquirersNeverExceedTheLimit() throws Exception {
        CircuitBreakers wide = new CircuitBreakers(5, 3, COOL_DOWN, clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        try (CircuitBreakers.Permit permit = wide.tryAcquire("wh_a")) {
                            if (permit.granted()) {
                                highest.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                                concurrent.decrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(highest.get()).isBetween(1, 5);
        assertThat(wide.inFlight("wh_a")).isZero();
    }

    private void failTimes(String webhookId, int times) {
        for (int i = 0; i < times; i++) {
            breakers.recordFailure(webhookId);
        }
    }

    // latency-aware: attempts slower than 2 s are slow; slow webhooks share 3 attempts in flight
    private final CircuitBreakers latencyAware = new CircuitBreakers(new AttemptConcurrency(8, Duration.ofSeconds(2), 3),
            3, COOL_DOWN, Duration.ofMinutes(10), clock);

    private void attempt(String webhookId, Duration taking) {
        CircuitBreakers.Permit p = latencyAware.tryAcquire(webhookId);
        assertThat(p.granted()).as("an attempt of %s", webhookId).isTrue();
        clock.advance(taking);
        p.release();
    }

    @Test
    void aNewWebhookGetsOneAttemptUntilOneEndsQuickly() {
        CircuitBreakers.Permit first = latencyAware.tryAcquire("wh_new");
        assertThat(first.granted()).isTrue();
        assertThat(latencyAware.tryAcquire("wh_new").granted()).isFalse();
        clock.advance(Duration.ofMillis(40));
        first.release();

        List<CircuitBreakers.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            permits.add(latencyAware.tryAcquire("wh_new"));
        }
        assertThat(permits).allMatch(CircuitBreakers.Permit::granted);
        assertThat(latencyAware.tryAcquire("wh_new").granted()).isFalse();
    }

    @Test
    void anAttemptRunningLongMakesItsWebhookSlowBeforeItEnds() {
        attempt("wh_turns_slow", Duration.ofMillis(20));
        latencyAware.tryAcquire("wh_turns_slow");
        clock.advance(Duration.ofSeconds(6));
        // measured quick, but one attempt has run 6 s: 8 x 2 / 6 = 2 slots, one of them taken
        assertThat(latencyAware.latency("wh_turns_slow")).isEqualTo(Duration.ofSeconds(6));
        assertThat(latencyAware.tryAcquire("wh_turns_slow").granted()).isTrue();
        assertThat(latencyAware.tryAcquire("wh_turns_slow").granted()).isFalse();
    }

    @Test
    void slowWebhooksTogetherHoldNoMoreThanTheirBudgetWhileQuickOnesGoOn() {
        for (String slow : List.of("wh_s1", "wh_s2", "wh_s3", "wh_s4", "wh_s5")) {
            attempt(slow, Duration.ofSeconds(10));
        }
        attempt("wh_quick", Duration.ofMillis(30));
        assertThat(latencyAware.tryAcquire("wh_s1").granted()).isTrue();
        assertThat(latencyAware.tryAcquire("wh_s2").granted()).isTrue();
        assertThat(latencyAware.tryAcquire("wh_s3").granted()).isTrue();
        CircuitBreakers.Permit overBudget = latencyAware.tryAcquire("wh_s4");
        assertThat(overBudget.granted()).isFalse();
        assertThat(overBudget.retryAt()).isAfterOrEqualTo(clock.instant().plusSeconds(1));
        for (int i = 0; i < 8; i++) {
            assertThat(latencyAware.tryAcquire("wh_quick").granted()).as("quick attempt %d", i).isTrue();
        }
    }

    @Test
    void unknownWebhooksRunningLongCountAgainstTheSlowBudget() {
        attempt("wh_slow", Duration.ofSeconds(10));
        for (String unknown : List.of("wh_u1", "wh_u2", "wh_u3")) {
            assertThat(latencyAware.tryAcquire(unknown).granted()).isTrue();
        }
        assertThat(latencyAware.tryAcquire("wh_slow").granted()).as("while the unknown ones are young").isTrue();
        latencyAware.forget("wh_slow");
        attempt("wh_slow_again", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(3));
        // the three unknown attempts have run 3 s: slow, and the budget of three is theirs
        assertThat(latencyAware.tryAcquire("wh_slow_again").granted()).isFalse();
    }

    @Test
    void aSlowWebhooksRefusedDeliveriesComeBackSpacedBySlotTime() {
        attempt("wh_slow", Duration.ofSeconds(10));
        assertThat(latencyAware.tryAcquire("wh_slow").granted()).isTrue();
        Instant now = clock.instant();
        // latency 10 s, one slot: each refused delivery comes back 10 s after the one before
        assertThat(latencyAware.tryAcquire("wh_slow").retryAt()).isEqualTo(now.plusSeconds(10));
        assertThat(latencyAware.tryAcquire("wh_slow").retryAt()).isEqualTo(now.plusSeconds(20));
        assertThat(latencyAware.tryAcquire("wh_slow").retryAt()).isEqualTo(now.plusSeconds(30));
        for (int i = 0; i < 100; i++) {
            latencyAware.tryAcquire("wh_slow");
        }
        // never further than the longest cool-down
        assertThat(latencyAware.tryAcquire("wh_slow").retryAt()).isEqualTo(now.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aSlowWebhookThatTurnsQuickGetsItsShareBack() {
        attempt("wh_recovers", Duration.ofSeconds(10));
        for (int i = 0; i < 6; i++) {
            attempt("wh_recovers", Duration.ofMillis(20));
        }
        assertThat(latencyAware.latency("wh_recovers")).isLessThan(Duration.ofSeconds(2));
        for (int i = 0; i < 8; i++) {
            assertThat(latencyAware.tryAcquire("wh_recovers").granted()).isTrue();
        }
    }

    @Test
    void aDeletedWebhookIsForgotten() {
        attempt("wh_deleted", Duration.ofSeconds(10));
        latencyAware.recordFailure("wh_deleted");
        assertThat(latencyAware.webhooksKnown()).isEqualTo(1);

        latencyAware.forget("wh_deleted");

        assertThat(latencyAware.webhooksKnown()).isZero();
        assertThat(latencyAware.latency("wh_deleted")).isNull();
    }

    @Test
    void webhooksIdleForTwiceTheLongestCoolDownAreForgottenSoTheMapDoesNotGrow() {
        for (int i = 0; i < 1000; i++) {
            attempt("wh_" + i, Duration.ofMillis(5));
        }
        CircuitBreakers.Permit stillRunning = latencyAware.tryAcquire("wh_busy");
        assertThat(latencyAware.webhooksKnown()).isEqualTo(1001);

        clock.advance(Duration.ofMinutes(21));
        attempt("wh_new", Duration.ofMillis(5));

        // idle ones gone; the one with an attempt in flight kept, and its slot still counted
        assertThat(latencyAware.webhooksKnown()).isEqualTo(2);
        assertThat(latencyAware.inFlight("wh_busy")).isEqualTo(1);
        stillRunning.release();
    }

    @Test
    void aWebhookInUseIsNotForgotten() {
        // a dead endpoint whose deliveries come back every cool-down (here up to 10 minutes)
        for (int i = 0; i < 10; i++) {
            latencyAware.tryAcquire("wh_steady").release();
            latencyAware.recordFailure("wh_steady");
            clock.advance(Duration.ofMinutes(5));
            attempt("wh_other_" + i, Duration.ofMillis(5));
        }
        assertThat(latencyAware.isOpen("wh_steady")).isTrue();
        assertThat(latencyAware.latency("wh_steady")).isNotNull();
    }

    @Test
    void attemptsGrantedToAWebhookKnownSlowCountAgainstTheBudgetFromTheirFirstMoment() {
        // not measured yet: its first attempt has run 3 s, which makes it slow (8 x 2 / 3 = 5 slots)
        assertThat(latencyAware.tryAcquire("wh_unmeasured").granted()).isTrue();
        clock.advance(Duration.ofSeconds(3));
        assertThat(latencyAware.tryAcquire("wh_unmeasured").granted()).isTrue();
        assertThat(latencyAware.tryAcquire("wh_unmeasured").granted()).isTrue();
        // three slow attempts in flight, two of them just started: the budget of three is spent
        assertThat(latencyAware.tryAcquire("wh_unmeasured").granted()).isFalse();
    }

    @Test
    void anAdmittedDeliveryOfASlowWebhookShortensTheWaitOfTheNextOneRefused() {
        attempt("wh_slow", Duration.ofSeconds(10));
        Instant start = clock.instant();
        CircuitBreakers.Permit running = latencyAware.tryAcquire("wh_slow");
        assertThat(latencyAware.tryAcquire("wh_slow").retryAt()).isEqualTo(start.plusSeconds(10));
        assertThat(latencyAware.tryAcquire("wh_slow").retryAt()).isEqualTo(start.plusSeconds(20));
        clock.advance(Duration.ofSeconds(10));
        running.release();

        // the first one refused comes back and is let through: one fewer waits ahead of the next
        assertThat(latencyAware.tryAcquire("wh_slow").granted()).isTrue();
        assertThat(latencyAware.tryAcquire("wh_slow").retryAt()).isEqualTo(start.plusSeconds(20));
    }
}
