package io.hookline.api;

import io.hookline.api.ApiProblem;
import io.hookline.event.FieldError;

import java.util.List;

/** The {@code limit} query parameter of list answers: 1 to 200, default 50. */
final class PageLimit {

    static final int DEFAULT = 50;
    static final int MAX = 200;

    private PageLimit() {
    }

    static int parse(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX,
                List.of(new FieldError("limit", "must be a whole number from 1 to " + MAX)));
    }
}
