package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.event.FieldError;

import java.util.List;
import java.util.Set;

/** The statuses a delivery can have, as the API filters by them. */
final class DeliveryStatus {

    static final Set<String> ALL = Set.of("pending", "retrying", "succeeded", "dead", "skipped");

    private DeliveryStatus() {
    }

    static void check(String status) {
        if (status != null && !status.isBlank() && !ALL.contains(status)) {
            throw ApiProblem.badRequest("unknown status " + status,
                    List.of(new FieldError("status", "must be one of pending, retrying, succeeded, dead, skipped")));
        }
    }
}
