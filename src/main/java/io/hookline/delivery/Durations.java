package io.hookline.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration notation used in the configuration: {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h}, {@code 5d}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private Durations() {
    }

    /** A bare number means seconds. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration must not be null");
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw invalid(text);
        }
        try {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw invalid(text);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large", e);
        }
    }

    /** Comma-separated, e.g. {@code 5s,5m,30m}; an empty or blank string is an empty list. */
    public static List<Duration> parseList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Duration> result = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("duration list '" + text + "' has an empty entry");
            }
            result.add(parse(part));
        }
        return List.copyOf(result);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "invalid duration '" + text + "': expected a number with unit ms, s, m, h or d (e.g. 500ms, 5s, 2h)");
    }
}
