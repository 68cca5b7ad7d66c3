package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.event.FieldError;
import io.hookline.event.Rfc3339;
import org.apache.camel.Header;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Puts finished or waiting deliveries back in line: one now, or every failed one of a webhook
 * since a time. The delivery keeps its id (the receiver's idempotency key) and its attempts;
 * a dead or skipped one starts the retry schedule afresh.
 */
public class DeliveryReplay {

    /**
     * The delivery is reserved for one lease and handed to the caller to dispatch at once; if
     * that message is lost the retry scheduler sends it when the lease ends.
     */
    private static final String RETRY = """
            UPDATE delivery d
               SET status = CASE WHEN d.status = 'pending' THEN 'pending' ELSE 'retrying' END,
                   schedule_step = CASE WHEN d.status IN ('pending', 'retrying') THEN d.schedule_step ELSE 0 END,
                   next_attempt_at = ?, completed_at = NULL, held_by = ?
              FROM webhook w
             WHERE d.id = ? AND w.id = d.webhook_id AND w.enabled AND w.deleted_at IS NULL
            RETURNING d.id, d.dispatch_seq, d.webhook_id
            """;

    /**
     * Made due now: the retry scheduler dispatches them in its bounded batches. Besides the dead and
     * skipped ones, every delivery waiting for the endpoint: a retry on its schedule, or one parked
     * while the circuit was open (pending, never attempted). One held by an instance (queued or in
     * flight) is left alone: it is being sent already.
     */
    private static final String RECOVER = """
            UPDATE delivery
               SET status = CASE WHEN status = 'pending' THEN 'pending' ELSE 'retrying' END,
                   schedule_step = CASE WHEN status IN ('pending', 'retrying') THEN schedule_step ELSE 0 END,
                   next_attempt_at = now(), completed_at = NULL
             WHERE webhook_id = ? AND created_at >= ?
               AND (status IN ('dead', 'skipped')
                    OR (status IN ('pending', 'retrying') AND held_by IS NULL AND next_attempt_at > now()))
            """;

    private final DataSource dataSource;
    private final Duration lease;
    private final Supplier<String> instanceId;

    public DeliveryReplay(DataSource dataSource, Duration lease, Supplier<String> instanceId) {
        this.dataSource = dataSource;
        this.lease = lease;
        this.instanceId = instanceId;
    }

    /** Makes one delivery due again; returns its id and dispatch_seq for direct:dispatch-delivery. */
    public Map<String, Object> retry(@Header("id") String deliveryId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(RETRY)) {
                ps.setTimestamp(1, Timestamp.from(Instant.now().plus(lease)));
                ps.setString(2, instanceId.get());
                ps.setString(3, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Map<String, Object> dispatch = new LinkedHashMap<>();
                        dispatch.put("id", rs.getString("id"));
                        dispatch.put("dispatch_seq", rs.getInt("dispatch_seq"));
                        dispatch.put("webhook_id", rs.getString("webhook_id"));
                        return dispatch;
                    }
                }
            }
            throw whyNotRetried(c, deliveryId);
        }
    }

    private static ApiProblem whyNotRetried(Connection c, String deliveryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT w.id, w.deleted_at IS NOT NULL AS deleted FROM delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = ?")) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return ApiProblem.notFound("delivery", deliveryId);
                }
                return rs.getBoolean("deleted")
                        ? conflict("webhook " + rs.getString("id") + " of this delivery was deleted")
                        : disabled(rs.getString("id"));
            }
        }
    }

    /** Re-queues every waiting, dead or skipped delivery of a webhook created since a time; answers how many. */
    public Map<String, Object> recover(@Header("id") String webhookId, @Header("since") String since) throws SQLException {
        Instant from = since(since);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT enabled FROM webhook WHERE id = ? AND deleted_at IS NULL")) {
                ps.setString(1, webhookId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiProblem.notFound("webhook", webhookId);
                    }
                    if (!rs.getBoolean("enabled")) {
                        throw disabled(webhookId);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(RECOVER)) {
                ps.setString(1, webhookId);
                ps.setTimestamp(2, Timestamp.from(from));
                int n = ps.executeUpdate();
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("webhookId", webhookId);
                answer.put("since", from.toString());
                answer.put("requeued", n);
                return answer;
            }
        }
    }

    private static Instant since(String since) {
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

    private static ApiProblem disabled(String webhookId) {
        return conflict("webhook " + webhookId + " is disabled; enable it with PATCH {\"enabled\": true} first");
    }

    private static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail, null);
    }
}
