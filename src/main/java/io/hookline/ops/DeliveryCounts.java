package io.hookline.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How many deliveries wait, retry or are dead, and how many webhooks are on or off, counted in
 * PostgreSQL at most once per refresh interval however often JMX and Prometheus ask.
 */
public class DeliveryCounts {

    public record Snapshot(long pending, long retrying, long dead, long webhooksEnabled, long webhooksDisabled) {
        static final Snapshot UNKNOWN = new Snapshot(-1, -1, -1, -1, -1);
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryCounts.class);

    private static final String COUNT = """
            SELECT (SELECT count(*) FROM delivery WHERE status = 'pending') AS pending,
                   (SELECT count(*) FROM delivery WHERE status = 'retrying') AS retrying,
                   (SELECT count(*) FROM delivery WHERE status = 'dead') AS dead,
                   count(*) FILTER (WHERE enabled) AS enabled,
                   count(*) FILTER (WHERE NOT enabled) AS disabled
              FROM webhook WHERE deleted_at IS NULL
            """;

    private final DataSource dataSource;
    private final long refreshNanos;
    private Snapshot last = Snapshot.UNKNOWN;
    private long countedAt;

    public DeliveryCounts(DataSource dataSource, Duration refresh) {
        this.dataSource = dataSource;
        this.refreshNanos = refresh.toNanos();
    }

    /** The latest counts; the previous ones (or -1 before the first) while the database is unreachable. */
    public synchronized Snapshot current() {
        long now = System.nanoTime();
        if (last != Snapshot.UNKNOWN && now - countedAt < refreshNanos) {
            return last;
        }
        try {
            last = count();
        } catch (SQLException e) {
            LOG.debug("Cannot count deliveries: {}", e.getMessage());
        }
        // a failed count waits for the next interval too, so a scrape never piles onto a sick database
        countedAt = now;
        return last;
    }

    private Snapshot count() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setQueryTimeout(5);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Snapshot(rs.getLong("pending"), rs.getLong("retrying"), rs.getLong("dead"),
                        rs.getLong("enabled"), rs.getLong("disabled"));
            }
        }
    }
}
