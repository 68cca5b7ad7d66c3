package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.event.EventType;
import io.hookline.event.WebhookPayload;
import org.apache.camel.Header;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Creates a {@code webhook.test} event for one webhook and its one delivery, so a test goes
 * through the real delivery path (signing, attempts, retries) without reaching any other webhook.
 */
public class TestDeliveries {

    private static final String INSERT_EVENT = """
            INSERT INTO event (id, type, list_id, occurred_at, payload, fanned_out)
            VALUES (?, ?, ?, ?, ?, true)
            """;
    private static final String INSERT_DELIVERY = """
            INSERT INTO delivery (id, webhook_id, event_id, event_type, next_attempt_at)
            VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), ?, ?, ?, ?)
            RETURNING id, dispatch_seq
            """;

    private final DataSource dataSource;
    private final WebhookPayload payload;
    private final Duration lease;

    public TestDeliveries(DataSource dataSource, WebhookPayload payload, Duration lease) {
        this.dataSource = dataSource;
        this.payload = payload;
        this.lease = lease;
    }

    /** Returns the new delivery's id and dispatch_seq for direct:dispatch-delivery. */
    public Map<String, Object> create(@Header("id") String webhookId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String listId = enabledWebhookList(c, webhookId);
            Instant now = Instant.now();
            String eventId = "evt_test_" + UUID.randomUUID().toString().replace("-", "");
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                    ps.setString(1, eventId);
                    ps.setString(2, EventType.TEST.wireName());
                    ps.setString(3, listId);
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setString(5, payload.renderTest(webhookId, listId, now));
                    ps.executeUpdate();
                }
                Map<String, Object> dispatch = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(INSERT_DELIVERY)) {
                    ps.setString(1, webhookId);
                    ps.setString(2, eventId);
                    ps.setString(3, EventType.TEST.wireName());
                    // reserved for one lease: dispatched now, by the scheduler if that message is lost
                    ps.setTimestamp(4, Timestamp.from(now.plus(lease)));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        dispatch.put("id", rs.getString("id"));
                        dispatch.put("dispatch_seq", rs.getInt("dispatch_seq"));
                    }
                }
                c.commit();
                return dispatch;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static String enabledWebhookList(Connection c, String webhookId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT list_id, enabled FROM webhook WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, webhookId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("webhook", webhookId);
                }
                if (!rs.getBoolean("enabled")) {
                    throw new ApiProblem(409, "Conflict", "webhook " + webhookId
                            + " is disabled; enable it with PATCH {\"enabled\": true} to test it", null);
                }
                return rs.getString("list_id");
            }
        }
    }
}
