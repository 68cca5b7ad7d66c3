package io.hookline.delivery;

import java.time.Instant;

/**
 * What one attempt gave: a status code and response excerpt, or the error that stopped it. Both
 * texts may carry a receiver's bytes, so they are made storable here, the one way every attempt
 * reaches the database (the attempt row and the delivery's last error).
 */
public record AttemptResult(int attempt, Instant startedAt, int durationMs, Integer statusCode,
                            String responseExcerpt, String error) {

    public static final int EXCERPT_CHARS = ReceiverText.MAX_CHARS;

    public AttemptResult {
        responseExcerpt = excerpt(responseExcerpt);
        error = ReceiverText.forStorage(error);
    }

    public static String excerpt(String text) {
        return ReceiverText.forStorage(text);
    }
}
