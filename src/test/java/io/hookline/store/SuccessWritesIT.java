package io.hookline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What PostgreSQL writes for first-attempt successes, counted by PostgreSQL itself: the WAL records
 * of each step (pg_walinspect: heap inserts, HOT and other updates, index entries) and the tables'
 * tuple counters. Deliveries go through the store's own statements in waves, as under load: an
 * event's fan-out (the event and its deliveries in one statement), the batch's successes. The figures are printed for the
 * performance notes; what is asserted is the shape: a success adds no row to the attempt log and
 * writes one delivery update, on its row's page, and an event is written once, not marked afterwards.
 */
class SuccessWritesIT {

    private static final int WEBHOOKS = 4;
    private static final int EVENTS = 2_500;
    private static final int WAVE = 16; // events per wave: 64 deliveries, one claim batch, one success batch

    @Test
    void aFirstAttemptSuccessWritesOneDeliveryUpdateAndNoAttemptRow() throws Exception {
        PGSimpleDataSource db = StoreDatabase.create("success_writes");
        HikariConfig config = new HikariConfig();
        config.setDataSource(db);
        config.setMaximumPoolSize(4);
        int deliveries = EVENTS * WEBHOOKS;
        Map<String, Map<String, Long>> wal = new LinkedHashMap<>();
        try (Connection probe = db.getConnection(); Statement st = probe.createStatement()) {
            st.execute("CREATE EXTENSION pg_walinspect");
            st.execute("SET synchronous_commit = on"); // the probe's commits flush the WAL it then reads
            st.execute("CREATE TABLE wal_flushed (at timestamptz)");
            for (String table : List.of("delivery", "delivery_attempt", "event")) {
                st.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = off)"); // its writes are not the deliveries'
            }
            for (int w = 0; w < WEBHOOKS; w++) {
                st.execute("INSERT INTO webhook (id, list_id, url, events, secret) VALUES ('wh_" + w
                        + "', 'list_1', 'https://example.com/', '{contact.subscribed}', 'v1:x')");
            }
            Map<String, Long> before = tupleCounters(probe);

            try (HikariDataSource pool = new HikariDataSource(config)) {
                DeliveryStore store = new DeliveryStore(pool, Duration.ofMinutes(2), () -> "inst_1");
                try {
                    for (int first = 1; first <= EVENTS; first += WAVE) {
                        String start = lsn(probe);
                        List<FreshDelivery> created = new ArrayList<>();
                        for (int i = first; i < first + WAVE && i <= EVENTS; i++) {
                            FanOut fanOut = store.recordAndFanOut(Map.of("id", "ev_" + i, "type", "contact.subscribed",
                                    "listId", "list_1", "source", "", "occurredAt", Timestamp.from(Instant.now()),
                                    "payload", "x".repeat(400)));
                            created.addAll(fanOut.deliveries());
                        }
                        String createdAt = lsn(probe);
                        // a fresh delivery's first attempt needs no claim (see FreshDelivery): no step between
                        List<DeliveryStore.Success> successes = new ArrayList<>();
                        for (FreshDelivery f : created) {
                            ClaimedDelivery d = f.claimed();
                            successes.add(new DeliveryStore.Success(d.id(), d.seq(), d.webhookId(), false,
                                    new AttemptResult(d.attemptCount() + 1, Instant.now(), 12, 200, "{\"ok\":true}", null)));
                        }
                        store.succeededAll(successes);
                        String succeededAt = lsn(probe);
                        add(wal, "fan-out (event and deliveries)", walStats(probe, start, createdAt));
                        add(wal, "success batch", walStats(probe, createdAt, succeededAt));
                    }
                } finally {
                    store.close();
                }
            }
            // the pool's sessions have ended, and flushed their counters
            Map<String, Long> after = await().alias("the deliveries' tuple counters reported")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> tupleCounters(probe), c -> c.get("delivery.n_tup_ins") - before.get("delivery.n_tup_ins") == deliveries
                            && c.get("delivery.n_tup_upd") - before.get("delivery.n_tup_upd") >= deliveries
                            && c.get("event.n_tup_ins") - before.get("event.n_tup_ins") == EVENTS);
            Map<String, Long> delta = new TreeMap<>();
            after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));

            StringBuilder report = new StringBuilder("\nPostgreSQL writes for " + deliveries + " first-attempt successes ("
                    + WEBHOOKS + " webhooks x " + EVENTS + " events), per 1,000 deliveries:\n");
            wal.forEach((step, records) -> {
                report.append("  ").append(step).append(':');
                records.forEach((type, n) -> report.append(' ').append(type).append('=').append(n * 1000 / deliveries));
                report.append('\n');
            });
            report.append("  tuple counters (whole run):");
            delta.forEach((k, v) -> report.append(' ').append(k).append('=').append(v));
            report.append("\n  sizes: ").append(sizes(probe));
            try (Statement st2 = probe.createStatement();
                 ResultSet rs = st2.executeQuery("SELECT avg(pg_column_size(d.*))::int FROM delivery d")) {
                rs.next();
                report.append("\n  a succeeded delivery's row: ").append(rs.getInt(1)).append(" bytes");
            }
            System.out.println(report);

            assertThat(delta.get("delivery_attempt.n_tup_ins")).as("attempt rows written for first-attempt successes").isZero();
            assertThat(delta.get("delivery.n_tup_upd")).as("delivery updates: a success each, no claim")
                    .isEqualTo((long) deliveries);
            assertThat(delta.get("event.n_tup_ins")).as("events written by the fan-out").isEqualTo((long) EVENTS);
            assertThat(delta.get("event.n_tup_upd")).as("event updates: none, the fan-out writes an event done").isZero();
            assertThat(delta.get("delivery.n_tup_newpage_upd")).as("successes whose new version found no room on its page (V12)")
                    .isZero();
            // not asserted on the WAL's heap inserts: pg_get_wal_stats counts the whole cluster's WAL, so another
            // test's writes can fall in a step's range; the table's own counter above is what is asserted
        } finally {
            SharedInfra.dropDatabase(db);
        }
    }

    /** The end of the WAL written so far, flushed (the probe commits synchronously). */
    private static String lsn(Connection probe) throws SQLException {
        try (Statement st = probe.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Heap and index records between two points of the WAL, by type. */
    private static Map<String, Long> walStats(Connection probe, String from, String to) throws SQLException {
        try (Statement flush = probe.createStatement()) {
            // a synchronous commit of a write (outside every measured range): the WAL up to here is on disk
            flush.execute("INSERT INTO wal_flushed VALUES (now())");
        }
        Map<String, Long> counts = new TreeMap<>();
        if (from.equals(to)) {
            return counts;
        }
        try (PreparedStatement ps = probe.prepareStatement(
                "SELECT \"resource_manager/record_type\", count, combined_size FROM pg_get_wal_stats(?::pg_lsn, ?::pg_lsn, true) "
                        + "WHERE count > 0 AND (\"resource_manager/record_type\" LIKE 'Heap%' OR \"resource_manager/record_type\" LIKE 'Btree%')")) {
            ps.setString(1, from);
            ps.setString(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                    counts.merge("records", rs.getLong(2), Long::sum);
                    counts.merge("bytes", rs.getLong(3), Long::sum);
                }
            }
        }
        return counts;
    }

    private static void add(Map<String, Map<String, Long>> into, String step, Map<String, Long> counts) {
        Map<String, Long> total = into.computeIfAbsent(step, s -> new TreeMap<>());
        counts.forEach((k, v) -> total.merge(k, v, Long::sum));
    }

    private static Map<String, Long> tupleCounters(Connection probe) throws SQLException {
        Map<String, Long> counters = new HashMap<>();
        try (Statement st = probe.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_newpage_upd FROM pg_stat_user_tables "
                    + "WHERE relname IN ('delivery', 'delivery_attempt', 'event')")) {
                while (rs.next()) {
                    counters.put(rs.getString(1) + ".n_tup_ins", rs.getLong(2));
                    counters.put(rs.getString(1) + ".n_tup_upd", rs.getLong(3));
                    counters.put(rs.getString(1) + ".n_tup_hot_upd", rs.getLong(4));
                    counters.put(rs.getString(1) + ".n_tup_newpage_upd", rs.getLong(5));
                }
            }
        }
        return counters;
    }

    private static String sizes(Connection probe) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement st = probe.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT relname, pg_relation_size(oid) / 8192 AS pages FROM pg_class "
                        + "WHERE relname IN ('delivery', 'delivery_attempt', 'delivery_pkey', 'delivery_by_webhook', "
                        + "'delivery_event_id_webhook_id_key', 'delivery_due', 'delivery_completed_at', "
                        + "'delivery_attempt_pkey') ORDER BY relname")) {
            while (rs.next()) {
                b.append(rs.getString(1)).append('=').append(rs.getLong(2)).append("p ");
            }
        }
        return b.toString().trim();
    }
}
