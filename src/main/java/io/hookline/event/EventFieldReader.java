package io.hookline.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JSON object of an event into a {@link ContactEvent}. Every field is checked before failing, so a
 * producer learns all its mistakes from one quarantined message.
 */
final class EventFieldReader {

    static final int MAX_ID_LENGTH = 200;
    static final int MAX_LIST_ID_LENGTH = 200;
    static final int MAX_REASON_LENGTH = 200;
    static final int MAX_FIELD_NAME_LENGTH = 100;
    static final int MAX_FIELD_VALUE_LENGTH = 4096;

    private static final Set<String> SOURCES = Set.of("api", "user", "admin");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    // Tolerates producers whose clocks run ahead, while catching dates that are plainly wrong.
    private static final Duration MAX_AHEAD = Duration.ofDays(1);

    private final Clock clock;

    EventFieldReader(Clock clock) {
        this.clock = clock;
    }

    /** @throws InvalidEventException with reason {@code invalid_fields}, listing every problem found */
    ContactEvent read(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        String id = readId(root.get("id"), errors);
        EventType type = readType(root.get("type"), errors);
        String listId = readListId(root.get("listId"), errors);
        Instant occurredAt = readOccurredAt(root.get("occurredAt"), errors);
        String source = readSource(root.get("source"), errors);

        JsonNode contact = root.get("contact");
        String email = null;
        Map<String, Object> fields = Map.of();
        if (isAbsent(contact)) {
            errors.add(new FieldError("contact", "is required"));
        } else if (!contact.isObject()) {
            errors.add(new FieldError("contact", "must be an object"));
        } else {
            email = readEmail(contact.get("email"), "contact.email", true, errors);
            fields = readFields(contact.get("fields"), errors);
        }

        String previousEmail = readPreviousEmail(root.get("previousEmail"), type, errors);
        String reason = readReason(root.get("reason"), errors);

        if (!errors.isEmpty()) {
            throw InvalidEventException.invalidFields(errors);
        }
        return new ContactEvent(id, type, listId, occurredAt, source, email, fields, previousEmail, reason);
    }

    private static String readId(JsonNode node, List<FieldError> errors) {
        String id = text(node, "id", true, errors);
        if (id == null) {
            return null;
        }
        if (id.isEmpty()) {
            return reject(errors, "id", "must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            return reject(errors, "id", "must be at most " + MAX_ID_LENGTH + " characters");
        }
        // Ids end up in logs, headers and URLs; keeping them to visible ASCII avoids escaping everywhere.
        if (!id.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
            return reject(errors, "id", "must contain only printable ASCII characters, without spaces");
        }
        return id;
    }

    private static EventType readType(JsonNode node, List<FieldError> errors) {
        String name = text(node, "type", true, errors);
        if (name == null) {
            return null;
        }
        return EventType.fromProducerName(name).orElseGet(() -> reject(errors, "type",
                EventType.fromWireName(name).isPresent()
                        ? "webhook.test is sent by Hookline itself and not accepted from producers"
                        : "unknown event type " + Text.quote(name)));
    }

    private static String readListId(JsonNode node, List<FieldError> errors) {
        String listId = text(node, "listId", true, errors);
        if (listId == null) {
            return null;
        }
        if (listId.isEmpty()) {
            return reject(errors, "listId", "must not be empty");
        }
        if (listId.length() > MAX_LIST_ID_LENGTH) {
            return reject(errors, "listId", "must be at most " + MAX_LIST_ID_LENGTH + " characters");
        }
        return listId;
    }

    private Instant readOccurredAt(JsonNode node, List<FieldError> errors) {
        String text = text(node, "occurredAt", true, errors);
        if (text == null) {
            return null;
        }
        Instant at;
        try {
            at = Rfc3339.parse(text);
        } catch (DateTimeException e) {
            return reject(errors, "occurredAt", e.getMessage());
        }
        if (at.isBefore(EARLIEST)) {
            return reject(errors, "occurredAt", "must not be before the year 2000");
        }
        if (at.isAfter(clock.instant().plus(MAX_AHEAD))) {
            return reject(errors, "occurredAt", "must not be more than 1 day in the future");
        }
        return at;
    }

    private static String readSource(JsonNode node, List<FieldError> errors) {
        String source = text(node, "source", false, errors);
        if (source != null && !SOURCES.contains(source)) {
            return reject(errors, "source", "must be one of api, user, admin");
        }
        return source;
    }

    private static String readPreviousEmail(JsonNode node, EventType type, List<FieldError> errors) {
        if (type == EventType.EMAIL_CHANGED && isAbsent(node)) {
            return reject(errors, "previousEmail", "is required for " + EventType.EMAIL_CHANGED.wireName());
        }
        return readEmail(node, "previousEmail", false, errors);
    }

    private static String readReason(JsonNode node, List<FieldError> errors) {
        String reason = text(node, "reason", false, errors);
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            return reject(errors, "reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        return reason;
    }

    private static String readEmail(JsonNode node, String path, boolean required, List<FieldError> errors) {
        String email = text(node, path, required, errors);
        if (email != null && !EmailAddresses.isPlausible(email)) {
            return reject(errors, path, "not an e-mail address");
        }
        return email;
    }

    private static Map<String, Object> readFields(JsonNode node, List<FieldError> errors) {
        if (isAbsent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            return reject(errors, "contact.fields", "must be an object");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (name.isEmpty() || name.length() > MAX_FIELD_NAME_LENGTH || Text.containsControl(name)) {
                errors.add(new FieldError("contact.fields", "field name " + Text.quote(name) + " must be 1 to "
                        + MAX_FIELD_NAME_LENGTH + " characters without control characters"));
                continue;
            }
            String path = "contact.fields." + name;
            JsonNode value = field.getValue();
            if (value.isNull()) {
                fields.put(name, null);
            } else if (value.isTextual()) {
                // Unlike other strings, values may hold line breaks (e.g. postal addresses).
                if (value.textValue().length() > MAX_FIELD_VALUE_LENGTH) {
                    errors.add(new FieldError(path, "must be at most " + MAX_FIELD_VALUE_LENGTH + " characters"));
                } else {
                    fields.put(name, value.textValue());
                }
            } else if (value.isNumber()) {
                fields.put(name, value.numberValue());
            } else if (value.isBoolean()) {
                fields.put(name, value.booleanValue());
            } else {
                errors.add(new FieldError(path, "must be a string, number, boolean or null"));
            }
        }
        return fields;
    }

    /** The string in {@code node}, or null when it is absent (JSON null counts as absent) or unusable. */
    private static String text(JsonNode node, String path, boolean required, List<FieldError> errors) {
        if (isAbsent(node)) {
            return required ? reject(errors, path, "is required") : null;
        }
        if (!node.isTextual()) {
            return reject(errors, path, "must be a string");
        }
        if (Text.containsControl(node.textValue())) {
            return reject(errors, path, "must not contain control characters");
        }
        return node.textValue();
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static <T> T reject(List<FieldError> errors, String path, String message) {
        errors.add(new FieldError(path, message));
        return null;
    }
}
