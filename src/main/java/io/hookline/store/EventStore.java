package io.hookline.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * Every statement on the {@code event} table: an accepted event (its id is the de-duplication
 * key), the mark that its fan-out is done, and its purge once none of its deliveries is left.
 * The deliveries of an event are the {@link DeliveryStore}'s.
 */
public class EventStore {

    /** A repeated id is not an error: the answer says whether it was already fanned out. */
    private static final String RECORD = """
            INSERT INTO event (id, type, list_id, occurred_at, payload)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET id = excluded.id
            RETURNING fanned_out
            """;

    private static final String MARK_FANNED_OUT = "UPDATE event SET fanned_out = true WHERE id = ?";

    /** Fanned-out events received before a time of which no delivery is left, a batch at a time. */
    private static final String PURGE = """
            WITH gone AS (DELETE FROM event WHERE id IN (
                SELECT e.id FROM event e
                 WHERE e.received_at < ? AND e.fanned_out
                   AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id)
                 ORDER BY e.received_at
                 LIMIT ?
                   FOR UPDATE OF e SKIP LOCKED) RETURNING id)
            SELECT count(*) FROM gone
            """;

    private final DataSource dataSource;

    public EventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the event (a row of {@code EventRows}); true when it was already fanned out before. */
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

    /** Marks the event done: a later copy of it is acknowledged without a second fan-out. */
    public void markFannedOut(Map<String, Object> row) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(MARK_FANNED_OUT)) {
            ps.setString(1, (String) row.get("id"));
            ps.executeUpdate();
        }
    }

    /** Purges up to {@code batch} events received before {@code cutoff} once none of their deliveries is left; how many. */
    public int purge(Instant cutoff, int batch) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(PURGE)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setInt(2, batch);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
