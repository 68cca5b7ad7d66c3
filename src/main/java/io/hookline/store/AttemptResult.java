package io.hookline.store;

import java.time.Instant;

/** What one attempt gave: a status code and response excerpt, or the error that stopped it. */
public record AttemptResult(int attempt, Instant startedAt, int durationMs, Integer statusCode,
                            String responseExcerpt, String error) {

    public static final int EXCERPT_CHARS = 2048;

    public static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS);
    }
}
