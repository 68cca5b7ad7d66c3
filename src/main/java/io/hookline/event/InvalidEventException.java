package io.hookline.event;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An incoming event that cannot be accepted. The {@linkplain #getReason() reason} is a stable machine code
 * (it travels as a header with the quarantined message); the message is for people and never contains the
 * body, only short quoted pieces of it.
 */
public class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String TOO_LARGE = "too_large";
    public static final String EMPTY = "empty";
    public static final String NOT_UTF8 = "not_utf8";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String UNSUPPORTED_MESSAGE_TYPE = "unsupported_message_type";
    public static final String INVALID_FIELDS = "invalid_fields";

    private static final Set<String> PLAIN_REASONS =
            Set.of(TOO_LARGE, EMPTY, NOT_UTF8, MALFORMED_JSON, NOT_AN_OBJECT, UNSUPPORTED_MESSAGE_TYPE);

    private final String reason;
    private final List<FieldError> errors;

    /** For every reason but {@link #INVALID_FIELDS}, which needs {@link #invalidFields(List)}. */
    public InvalidEventException(String reason, String message) {
        this(reason, message, List.of());
        if (!PLAIN_REASONS.contains(reason)) {
            throw new IllegalArgumentException("not a plain reason code: " + reason);
        }
    }

    private InvalidEventException(String reason, String message, List<FieldError> errors) {
        super(message);
        this.reason = reason;
        this.errors = errors;
    }

    public static InvalidEventException invalidFields(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("invalid_fields needs at least one field error");
        }
        String summary = errors.stream().map(FieldError::toString).collect(Collectors.joining("; ", "invalid fields: ", ""));
        return new InvalidEventException(INVALID_FIELDS, summary, List.copyOf(errors));
    }

    /** One of the reason codes declared in this class, e.g. {@code malformed_json}. */
    public String getReason() {
        return reason;
    }

    /** Every field problem found, in field order; empty unless the reason is {@code invalid_fields}. */
    public List<FieldError> getErrors() {
        return errors;
    }
}
