package io.hookline.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

/** The delays between delivery attempts, with jitter and bounded respect for {@code Retry-After}. */
public final class RetrySchedule {

    private final List<Duration> delays;
    private final double jitter;
    private final RandomGenerator random;

    /** {@code jitter} 0.2 means each delay is drawn uniformly from ±20% around its nominal value. */
    public RetrySchedule(List<Duration> delays, double jitter, RandomGenerator random) {
        this.delays = List.copyOf(Objects.requireNonNull(delays, "delays"));
        for (Duration d : this.delays) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("retry delay must not be negative: " + d);
            }
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    public RetrySchedule(List<Duration> delays, double jitter) {
        // java.util.Random is thread-safe, so one instance can serve every delivery thread.
        this(delays, jitter, new Random());
    }

    /** Delay after failed round {@code step} (0 = after the first attempt); empty once the schedule is exhausted. */
    public Optional<Duration> delayAfter(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative: " + step);
        }
        if (step >= delays.size()) {
            return Optional.empty();
        }
        Duration nominal = delays.get(step);
        if (jitter == 0 || nominal.isZero()) {
            return Optional.of(nominal);
        }
        double factor = random.nextDouble(1 - jitter, 1 + jitter);
        return Optional.of(Duration.ofNanos(Math.round(nominal.toNanos() * factor)));
    }

    /**
     * Stretches {@code scheduled} towards the receiver's {@code Retry-After} (delta-seconds or HTTP-date),
     * but never beyond twice the scheduled delay, so one receiver cannot park its deliveries indefinitely.
     */
    public Duration honourRetryAfter(Duration scheduled, String retryAfterHeader, Instant now) {
        Objects.requireNonNull(scheduled, "scheduled");
        Optional<Duration> requested = parseRetryAfter(retryAfterHeader, now);
        if (requested.isEmpty()) {
            return scheduled;
        }
        Duration ceiling = scheduled.multipliedBy(2);
        Duration bounded = requested.get().compareTo(ceiling) > 0 ? ceiling : requested.get();
        return bounded.compareTo(scheduled) > 0 ? bounded : scheduled;
    }

    public int size() {
        return delays.size();
    }

    private static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Absurdly long numbers are simply "very late"; the ceiling bounds them anyway.
            return Optional.of(value.length() > 12 ? Duration.ofSeconds(999_999_999_999L) : Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(Objects.requireNonNull(now, "now"), at);
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
