package io.hookline.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code hookline.*} settings once, as typed values. There are no defaults here: every key must
 * be set, and {@code config/application.properties} sets each with its default, so a default is written
 * in exactly one place. A missing or unreadable value is an {@link InvalidSettingException} naming the key.
 */
public final class SettingsSource {

    private final Function<String, Optional<String>> lookup;
    private final Set<String> keysRead = new LinkedHashSet<>();
    private final Map<String, Duration> durations = new LinkedHashMap<>();

    /** {@code lookup} resolves a key as Camel does (profile, file, environment, system properties). */
    public SettingsSource(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** Any text, the empty text included (empty means "not configured" for URLs, credentials and keys). */
    public String text(String key) {
        return raw(key).strip();
    }

    public String nonBlank(String key) {
        String value = text(key);
        if (value.isEmpty()) {
            throw new InvalidSettingException(key, "must not be empty");
        }
        return value;
    }

    public int integer(String key, int min, int max) {
        long value = longInteger(key, min);
        if (value > max) {
            throw new InvalidSettingException(key, "= '" + value + "' is more than " + max);
        }
        return (int) value;
    }

    public int integer(String key, int min) {
        return integer(key, min, Integer.MAX_VALUE);
    }

    public long longInteger(String key, long min) {
        String text = text(key);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "= '" + text + "' is not a whole number");
        }
        if (value < min) {
            throw new InvalidSettingException(key, "= '" + text + "' is less than " + min);
        }
        return value;
    }

    /** A fraction in [min, max). */
    public double fraction(String key, double min, double maxExclusive) {
        String text = text(key);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "= '" + text + "' is not a number");
        }
        if (!(value >= min && value < maxExclusive)) {
            throw new InvalidSettingException(key, "= '" + text + "' is not in [" + min + ", " + maxExclusive + ")");
        }
        return value;
    }

    public boolean flag(String key) {
        String text = text(key);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key, "= '" + text + "' is neither true nor false");
        };
    }

    /** A duration in the one notation ({@link Durations}); a bare number is refused. */
    public Duration duration(String key) {
        String text = text(key);
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, "= '" + text + "': " + e.getMessage());
        }
        durations.put(key, value);
        return value;
    }

    /** A duration above zero: an interval or a timeout of nothing is a mistake, not a choice. */
    public Duration positiveDuration(String key) {
        Duration value = duration(key);
        if (value.isZero()) {
            throw new InvalidSettingException(key, "= '" + text(key) + "' must be more than zero");
        }
        return value;
    }

    public List<Duration> durationList(String key) {
        String text = text(key);
        try {
            return Durations.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, "= '" + text + "': " + e.getMessage());
        }
    }

    /** Every key read so far, in order. */
    public Set<String> keysRead() {
        return Collections.unmodifiableSet(keysRead);
    }

    /** Every single-duration setting read so far, as validated; routes read them through {@link MillisFunction}. */
    public Map<String, Duration> durations() {
        return Collections.unmodifiableMap(durations);
    }

    private String raw(String key) {
        keysRead.add(key);
        return lookup.apply(key).orElseThrow(() -> new InvalidSettingException(key, "is not set"));
    }
}
