package io.hookline.api;

import io.hookline.event.FieldError;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * Refuses path parameters no stored id can hold (400) before they reach SQL: PostgreSQL text
 * cannot hold a NUL, and no id Hookline gives out or a list id a caller chooses has control
 * characters; without this a decoded {@code %00} would fail in the database as an internal error.
 */
public final class PathParameters {

    private static final List<String> NAMES = List.of("id", "listId");

    public void check(Exchange exchange) {
        for (String name : NAMES) {
            String value = exchange.getIn().getHeader(name, String.class);
            if (value != null && value.chars().anyMatch(Character::isISOControl)) {
                throw ApiProblem.badRequest(name + " must not contain control characters",
                        List.of(new FieldError(name, "must not contain control characters")));
            }
        }
    }
}
