package io.hookline.config;

import org.apache.camel.spi.PropertiesFunction;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code {{millis:hookline.delivery.scheduler-interval}}}: a duration setting as Hookline validated it at
 * start, in milliseconds, for the routes. Camel would read a duration setting by its own rules; through
 * this function a route and a bean can never read the same key differently.
 */
public final class MillisFunction implements PropertiesFunction {

    public static final String NAME = "millis";

    private final Map<String, Duration> durations;

    public MillisFunction(Map<String, Duration> durations) {
        this.durations = new TreeMap<>(durations);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        String key = remainder.strip();
        Duration d = durations.get(key);
        if (d == null) {
            throw new IllegalArgumentException("{{" + NAME + ":" + key + "}}: " + key
                    + " is not a duration setting of Hookline; these are: " + String.join(", ", durations.keySet()));
        }
        return Long.toString(d.toMillis());
    }
}
