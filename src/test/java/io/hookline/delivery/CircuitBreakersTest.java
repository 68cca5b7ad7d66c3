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
}
