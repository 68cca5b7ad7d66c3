package io.hookline.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The statements on the {@code event} table of their own: its purge once none of its deliveries is
 * left. An event is written with its deliveries, in one statement, by the {@link DeliveryStore}
 * (its id is the de-duplication key).
 */
public class EventStore {

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
