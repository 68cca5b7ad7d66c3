package io.hookline.ops;

import io.hookline.store.DeliveryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final DeliveryStore store;
    private final long refreshNanos;
    private Snapshot last = Snapshot.UNKNOWN;
    private long countedAt;

    public DeliveryCounts(DeliveryStore store, Duration refresh) {
        this.store = store;
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
        DeliveryStore.Counts n = store.counts();
        return new Snapshot(n.pending(), n.retrying(), n.dead(), n.webhooksEnabled(), n.webhooksDisabled());
    }
}
