package io.hookline.event;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An accepted event in PostgreSQL and its fan-out: the event row (its id is the de-duplication
 * key), one delivery row per webhook that wants it, and the mark that the fan-out is done.
 * Plain JDBC rather than camel-sql: at thousands of deliveries a second, camel-sql's per-call
 * parsing of named parameters was a third of the ingest threads' time.
 */
public class EventLedger {

    /** A repeated id is not an error: the answer says whether it was already fanned out. */
    private static final String RECORD = """
            INSERT INTO event (id, type, list_id, occurred_at, payload)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET id = excluded.id
            RETURNING fanned_out
            """;

    /**
     * One delivery per webhook of the list that wants this type (and source); a disabled webhook's
     * is recorded as skipped, so it can be recovered once the webhook is enabled. Written
     * idempotently, and an event processed twice at once (a producer's duplicate) answers only
     * deliveries never claimed (dispatch_seq 0): one already claimed is under way or on its retry
     * schedule. The deliveries are held by this instance until claimed: if it dies before they are,
     * their messages may have died with it (see {@link io.hookline.instance.InstanceHeartbeat}).
     */
    private static final String CREATE_DELIVERIES = """
            WITH created AS (
                INSERT INTO delivery (id, webhook_id, event_id, event_type, next_attempt_at, held_by, status, completed_at, last_error)
                SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), w.id, ?, ?,
                       CASE WHEN w.enabled THEN CAST(? AS timestamptz) END,
                       CASE WHEN w.enabled THEN CAST(? AS text) END,
                       CASE WHEN w.enabled THEN 'pending' ELSE 'skipped' END,
                       CASE WHEN w.enabled THEN NULL ELSE now() END,
                       CASE WHEN w.enabled THEN NULL ELSE 'webhook disabled' END
                  FROM webhook w
                 WHERE w.list_id = ? AND w.deleted_at IS NULL
                   AND ? = ANY (w.events)
                   AND (cardinality(w.sources) = 0 OR ? = ANY (w.sources))
                ON CONFLICT (event_id, webhook_id) DO UPDATE SET event_id = excluded.event_id,
                    held_by = CASE WHEN delivery.dispatch_seq = 0 THEN excluded.held_by ELSE delivery.held_by END
                RETURNING id, dispatch_seq, status, webhook_id)
            SELECT id, dispatch_seq, webhook_id FROM created WHERE status <> 'skipped' AND dispatch_seq = 0
            """;

    private static final String MARK_FANNED_OUT = "UPDATE event SET fanned_out = true WHERE id = ?";

    private final DataSource dataSource;
    private final Supplier<String> instanceId;

    public EventLedger(DataSource dataSource, Supplier<String> instanceId) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
    }

    /** Records the event (a row of {@link EventRows}); true when it was already fanned out before. */
    public boolean record(Map<String, Object> row) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(RECORD)) {
            ps.setString(1, (String) row.get("id"));
            ps.setString(2, (String) row.get("type"));
            ps.setString(3, (String) row.get("listId"));
            ps.setTimestamp(4, (Timestamp) row.get("occurredAt"));
            ps.setString(5, (String) row.get("payload"));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Creates the event's deliveries; answers those to dispatch, each a row with id, dispatch_seq and webhook_id. */
    public List<Map<String, Object>> createDeliveries(Map<String, Object> row) throws SQLException {
        List<Map<String, Object>> toDispatch = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(CREATE_DELIVERIES)) {
            ps.setString(1, (String) row.get("id"));
            ps.setString(2, (String) row.get("type"));
            ps.setTimestamp(3, (Timestamp) row.get("leaseUntil"));
            ps.setString(4, instanceId.get());
            ps.setString(5, (String) row.get("listId"));
            ps.setString(6, (String) row.get("type"));
            ps.setString(7, (String) row.get("source"));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    toDispatch.add(Map.of("id", rs.getString(1), "dispatch_seq", rs.getInt(2), "webhook_id", rs.getString(3)));
                }
            }
        }
        return toDispatch;
    }

    /** Marks the event done: a later copy of it is acknowledged without a second fan-out. */
    public void markFannedOut(Map<String, Object> row) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(MARK_FANNED_OUT)) {
            ps.setString(1, (String) row.get("id"));
            ps.executeUpdate();
        }
    }
}
