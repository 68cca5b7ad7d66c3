package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import io.hookline.config.Durations;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final List<Duration> DEFAULT = Durations.parseList("5s,5m,30m,2h,5h,10h,10h");
    private static final Instant NOW = Instant.parse("2026-11-28T06:20:37Z");

    @Test
    void withoutJitterReturnsTheConfiguredDelays() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0, new Random(1));

        assertThat(schedule.delayAfter(0)).contains(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(3)).contains(Duration.ofHours(2));
        assertThat(schedule.delayAfter(6)).contains(Duration.ofHours(10));
    }

    @Test
    void isExhaustedAfterTheLastDelay() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2, new Random(1));

        assertThat(schedule.size()).isEqualTo(7);
        assertThat(schedule.delayAfter(7)).isEmpty();
        assertThat(schedule.delayAfter(100)).isEmpty();
    }

    @Test
    void emptyScheduleNeverRetries() {
        assertThat(new RetrySchedule(List.of(), 0.2).delayAfter(0)).isEmpty();
    }

    @Test
    void jitterStaysWithinBoundsAndSpreadsAcrossThem() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMinutes(5)), 0.2, new Random(42));
        Duration min = Duration.ofMinutes(4);
        Duration max = Duration.ofMinutes(6);
        Duration lowest = max;
        Duration highest = min;

        for (int i = 0; i < 10_000; i++) {
            Duration d = schedule.delayAfter(0).orElseThrow();
            assertThat(d).isBetween(min, max);
            lowest = d.compareTo(lowest) < 0 ? d : lowest;
            highest = d.compareTo(highest) > 0 ? d : highest;
        }
        assertThat(lowest).isLessThan(Duration.ofSeconds(4 * 60 + 5));
        assertThat(highest).isGreaterThan(Duration.ofSeconds(6 * 60 - 5));
    }

    @Test
    void jitterUsesTheInjectedRandomSource() {
        RandomGenerator lowest = () -> 0L; // nextDouble() == 0
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(10)), 0.2, lowest);

        assertThat(schedule.delayAfter(0)).contains(Duration.ofSeconds(8));
    }

    @Test
    void rejectsNegativeStepAndInvalidJitter() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2);

        assertThatThrownBy(() -> schedule.delayAfter(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(DEFAULT, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(DEFAULT, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAfterSecondsLongerThanScheduledIsHonoured() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2);

        assertThat(schedule.honourRetryAfter(Duration.ofSeconds(60), "90", NOW)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void retryAfterIsCappedAtTwiceTheScheduledDelay() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2);

        assertThat(schedule.honourRetryAfter(Duration.ofSeconds(60), "3600", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(schedule.honourRetryAfter(Duration.ofSeconds(60), "99999999999999999999", NOW))
                .isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void retryAfterShorterThanScheduledKeepsTheSchedule() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2);

        assertThat(schedule.honourRetryAfter(Duration.ofSeconds(60), "5", NOW)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterHttpDateIsMeasuredFromNow() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2);
        String inNinetySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));

        assertThat(inNinetySeconds).endsWith("GMT");
        assertThat(schedule.honourRetryAfter(Duration.ofSeconds(60), inNinetySeconds, NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(schedule.honourRetryAfter(Duration.ofSeconds(60), "Sat, 28 Nov 2026 06:22:07 GMT", NOW))
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void retryAfterDateInThePastKeepsTheSchedule() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2);

        assertThat(schedule.honourRetryAfter(Duration.ofSeconds(60), "Sun, 06 Nov 1994 08:49:37 GMT", NOW))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void absentOrUnparsableRetryAfterKeepsTheSchedule() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2);
        Duration scheduled = Duration.ofSeconds(60);

        assertThat(schedule.honourRetryAfter(scheduled, null, NOW)).isEqualTo(scheduled);
        assertThat(schedule.honourRetryAfter(scheduled, "", NOW)).isEqualTo(scheduled);
        assertThat(schedule.honourRetryAfter(scheduled, "soon", NOW)).isEqualTo(scheduled);
        assertThat(schedule.honourRetryAfter(scheduled, "-30", NOW)).isEqualTo(scheduled);
        assertThat(schedule.honourRetryAfter(scheduled, "1.5", NOW)).isEqualTo(scheduled);
    }
}
