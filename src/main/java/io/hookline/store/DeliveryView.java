package io.hookline.store;

import java.time.Instant;
import java.util.List;

/** A delivery as the API shows it; {@code attempts} only in the single-delivery answer. */
public record DeliveryView(String id, String webhookId, String eventId, String eventType, String status,
                           int attemptCount, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
                           Instant createdAt, Instant completedAt, List<Attempt> attempts) {

    public record Attempt(int attempt, Instant startedAt, int durationMs, Integer statusCode,
                          String responseExcerpt, String error) {
    }
}
