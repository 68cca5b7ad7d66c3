package io.hookline.store;

import java.time.Instant;
import java.util.List;

/**
 * A registered webhook, as the API shows it (the secret only where the API hands it out), with
 * how it is doing: since when its deliveries keep failing, and its newest delivery.
 */
public record Webhook(String id, String listId, String url, List<String> events, List<String> sources,
                      String format, String description, boolean enabled, String disabledReason,
                      Instant createdAt, Instant updatedAt, Instant failingSince,
                      Instant lastDeliveryAt, String lastDeliveryStatus) {
}
