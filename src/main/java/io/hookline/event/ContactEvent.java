package io.hookline.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A validated contact-list event.
 *
 * @param id            the producer's id, used to de-duplicate
 * @param source        {@code api}, {@code user} or {@code admin}; null when the producer didn't say
 * @param fields        the contact's merge fields in the producer's order; values are strings, numbers,
 *                      booleans or null
 * @param previousEmail the old address, for {@code contact.email_changed}; otherwise usually null
 * @param reason        why the contact was cleaned, e.g. {@code hard_bounce}; may be null
 */
public record ContactEvent(
        String id,
        EventType type,
        String listId,
        Instant occurredAt,
        String source,
        String email,
        Map<String, Object> fields,
        String previousEmail,
        String reason) {

    public ContactEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(email, "email");
        // Copied so the event stays immutable; LinkedHashMap because Map.copyOf loses order and rejects nulls.
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
