package io.hookline.api;

import io.hookline.event.FieldError;
import io.hookline.event.Rfc3339;
import io.hookline.store.Cursor;
import io.hookline.store.DeliveryQuery;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.PageRequest;
import org.apache.camel.Header;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * Reads the query parameters of API requests into what the stores take, answering 400 with the
 * field at fault for a value that does not pass.
 */
public class ApiQueries {

    static final int DEFAULT_HOURS = 24;
    static final int MAX_HOURS = 168;

    /** {@code ?limit=&cursor=} of a list. */
    public PageRequest page(@Header("limit") String limit, @Header("cursor") String cursor) {
        int n = PageLimit.parse(limit);
        return new PageRequest(n, cursor(cursor));
    }

    /** {@code ?limit=&status=&cursor=} of a webhook's delivery log. */
    public DeliveryQuery deliveries(@Header("limit") String limit, @Header("status") String status,
                                    @Header("cursor") String cursor) {
        int n = PageLimit.parse(limit);
        DeliveryStatus wanted = status(status);
        return new DeliveryQuery(wanted, new PageRequest(n, cursor(cursor)));
    }

    /** {@code ?hours=} of the hourly counts: 1 to 168, default 24. */
    public int hours(@Header("hours") String hours) {
        if (hours == null || hours.isBlank()) {
            return DEFAULT_HOURS;
        }
        try {
            int n = Integer.parseInt(hours.trim());
            if (n >= 1 && n <= MAX_HOURS) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badRequest("hours must be a whole number from 1 to " + MAX_HOURS,
                List.of(new FieldError("hours", "must be a whole number from 1 to " + MAX_HOURS)));
    }

    /** {@code ?since=} of a recovery: required, an RFC 3339 date-time. */
    public Instant since(@Header("since") String since) {
        if (since == null || since.isBlank()) {
            throw ApiProblem.badRequest("the since query parameter is required",
                    List.of(new FieldError("since", "is required: an RFC 3339 date-time such as 2026-11-28T06:20:37Z")));
        }
        try {
            return Rfc3339.parse(since);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("since is not an RFC 3339 date-time", List.of(new FieldError("since", e.getMessage())));
        }
    }

    private static DeliveryStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return DeliveryStatus.fromWireName(status).orElseThrow(() -> ApiProblem.badRequest("unknown status " + status,
                List.of(new FieldError("status", "must be one of pending, retrying, succeeded, dead, skipped"))));
    }

    private static Cursor cursor(String cursor) {
        try {
            return Cursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the cursor is not one this API gave out",
                    List.of(new FieldError("cursor", "not a valid cursor")));
        }
    }
}
