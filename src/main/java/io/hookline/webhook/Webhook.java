package io.hookline.webhook;

import java.time.Instant;
import java.util.List;

/** A registered webhook, as the API shows it (the secret only where the API hands it out). */
public record Webhook(String id, String listId, String url, List<String> events, List<String> sources,
                      String format, String description, boolean enabled, String disabledReason,
                      Instant createdAt, Instant updatedAt) {
}
