package io.hookline.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration notation of Hookline's settings: {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h},
 * {@code 5d}. A bare number is refused: Camel reads one as milliseconds, Hookline used to read one as
 * seconds, and a setting must not mean a thousand times more or less depending on who reads it.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration must not be null");
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw invalid(text);
        }
        if (m.group(2) == null) {
            throw new IllegalArgumentException("duration '" + text + "' has no unit: write it with ms, s, m, h or d "
                    + "(e.g. 500ms, " + m.group(1) + "s)");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
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
