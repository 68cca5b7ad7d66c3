package io.hookline.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * One problem with one field of an incoming event.
 *
 * @param field   JSON path of the field, e.g. {@code contact.email}
 * @param message what is wrong with it, for people
 */
public record FieldError(String field, String message) implements Serializable {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
