package io.hookline.store;

import io.hookline.support.SharedInfra;
import io.hookline.support.Sql;
import org.junit.jupiter.api.AfterEach;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt log of a delivery through the store's own statements on a real PostgreSQL: a
 * success is kept in the delivery row (V9) and still listed as its attempt, after the failed ones;
 * a delivery that succeeded before V9 (its success a delivery_attempt row) reads as it did; a
 * revived success stays in the log whatever follows; retention removes every attempt of what it
 * purges.
 */
class AttemptLogIT {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private PGSimpleDataSource db;
    private DeliveryStore store;

    private void migrate(String target) throws SQLException {
        if (db == null) {
            db = SharedInfra.freshDatabase("attempt_log");
        }
        StoreDatabase.migrate(db, target);
        execute("INSERT INTO webhook (id, list_id, url, events, secret) VALUES ('wh_1', 'list_1', 'https://example.com/', "
                + "'{contact.subscribed}', 'v1:x') ON CONFLICT DO NOTHING");
    }

    private DeliveryStore store() throws SQLException {
        if (db == null) {
            migrate("latest");
        }
        if (store == null) {
            store = new DeliveryStore(db, Duration.ofMinutes(2), () -> "inst_1");
        }
        return store;
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (store != null) {
            store.close();
        }
        SharedInfra.dropDatabase(db);
    }

    @Test
    void aSuccessAfterTwoFailedAttemptsIsListedThirdWithItsStartDurationCodeAndExcerpt() throws Exception {
        String id = newDelivery("ev_1");
        ClaimedDelivery first = store.claim(id, 0);
        store.attemptFailed(id, first.seq(), attempt(1, 500, "boom", "HTTP 500"));
        store.failed(id, first.seq(), "wh_1", 0, attempt(2, 503, "busy", "HTTP 503"), T0.plus(Duration.ofHours(1)));
        assertThat(failingSince()).as("the webhook's failure streak").isNotNull();
        ClaimedDelivery second = store.claim(id, first.seq());

        store.succeeded(new DeliveryStore.Success(id, second.seq(), "wh_1", true, attempt(3, 200, "{\"ok\":true}", null)));
        // a stale message's success (the first claim's seq) records nothing
        store.succeeded(new DeliveryStore.Success(id, first.seq(), "wh_1", true, attempt(4, 201, "late", null)));

        DeliveryView d = store.delivery(id);
        assertThat(d.attempts()).containsExactly(
                listed(1, 500, "boom", "HTTP 500"),
                listed(2, 503, "busy", "HTTP 503"),
                listed(3, 200, "{\"ok\":true}", null));
        assertThat(d.status()).isEqualTo("succeeded");
        assertThat(d.attemptCount()).isEqualTo(3);
        assertThat(d.lastStatusCode()).isEqualTo(200);
        assertThat(d.lastError()).isNull();
        assertThat(failingSince()).as("the webhook's failure streak, ended by the success").isNull();
        assertThat(attemptRows(id)).as("attempt rows: the failed ones only").isEqualTo(2);
    }

    @Test
    void aDeliveryThatSucceededBeforeV9ReadsAsBeforeAndKeepsItsLogWhenRevivedAndFailing() throws Exception {
        migrate("8");
        // as the version before V9 left it: the success is the delivery_attempt row of attempt 2
        execute("INSERT INTO event (id, type, list_id, occurred_at, payload) VALUES ('ev_old', 'contact.subscribed', 'list_1', now(), '{}')");
        execute("INSERT INTO delivery (id, webhook_id, event_id, event_type, status, attempt_count, dispatch_seq, "
                + "last_status_code, completed_at) VALUES ('msg_old', 'wh_1', 'ev_old', 'contact.subscribed', 'succeeded', 2, 2, 200, now())");
        insertAttemptRow("msg_old", attempt(1, 500, "boom", "HTTP 500"));
        insertAttemptRow("msg_old", attempt(2, 200, "fine", null));
        migrate("latest");

        assertThat(store().delivery("msg_old").attempts()).containsExactly(
                listed(1, 500, "boom", "HTTP 500"), listed(2, 200, "fine", null));

        Map<String, Object> revived = store.reviveOne("msg_old").orElseThrow();
        ClaimedDelivery claimed = store.claim("msg_old", (Integer) revived.get("dispatch_seq"));
        store.failed("msg_old", claimed.seq(), "wh_1", claimed.scheduleStep(), attempt(3, 502, "bad gateway", "HTTP 502"), null);

        DeliveryView d = store.delivery("msg_old");
        assertThat(d.status()).isEqualTo("dead");
        assertThat(d.attempts()).containsExactly(
                listed(1, 500, "boom", "HTTP 500"),
                listed(2, 200, "fine", null),
                listed(3, 502, "bad gateway", "HTTP 502"));
    }

    @Test
    void aSucceededDeliveryRevivedThenFailingKeepsItsSuccessInTheLog() throws Exception {
        String id = newDelivery("ev_2");
        ClaimedDelivery first = store.claim(id, 0);
        store.succeeded(new DeliveryStore.Success(id, first.seq(), "wh_1", false, attempt(1, 204, "", null)));

        Map<String, Object> revived = store.reviveOne(id).orElseThrow();
        assertThat(store.delivery(id).attempts()).as("right after the revive: the success once")
                .containsExactly(listed(1, 204, "", null));
        ClaimedDelivery second = store.claim(id, (Integer) revived.get("dispatch_seq"));
        store.failed(id, second.seq(), "wh_1", second.scheduleStep(), attempt(2, 500, "boom", "HTTP 500"), null);

        assertThat(store.delivery(id).status()).isEqualTo("dead");
        assertThat(store.delivery(id).attempts()).containsExactly(
                listed(1, 204, "", null), listed(2, 500, "boom", "HTTP 500"));

        // revived once more (as dead, with the webhook's other dead ones) and succeeding: three attempts
        assertThat(store.reviveDead("wh_1")).isEqualTo(1);
        ClaimedDelivery third = store.claim(id, dispatchSeq(id));
        store.succeeded(new DeliveryStore.Success(id, third.seq(), "wh_1", false, attempt(3, 200, "again", null)));
        assertThat(store.delivery(id).attempts()).containsExactly(
                listed(1, 204, "", null), listed(2, 500, "boom", "HTTP 500"),
                listed(3, 200, "again", null));
    }

    @Test
    void retentionPurgesEveryAttemptOfAPurgedDeliveryWhereverItWasKept() throws Exception {
        // failed, then succeeded: one attempt row, the success in the row
        String a = newDelivery("ev_a");
        ClaimedDelivery ca = store.claim(a, 0);
        store.attemptFailed(a, ca.seq(), attempt(1, 500, "boom", "HTTP 500"));
        store.succeeded(new DeliveryStore.Success(a, ca.seq(), "wh_1", false, attempt(2, 200, "ok", null)));
        // succeeded, revived, succeeded again: the first success moved to a row, the second in the delivery
        String b = newDelivery("ev_b");
        ClaimedDelivery cb = store.claim(b, 0);
        store.succeeded(new DeliveryStore.Success(b, cb.seq(), "wh_1", false, attempt(1, 200, "ok", null)));
        ClaimedDelivery cb2 = store.claim(b, (Integer) store.reviveOne(b).orElseThrow().get("dispatch_seq"));
        store.succeeded(new DeliveryStore.Success(b, cb2.seq(), "wh_1", false, attempt(2, 200, "ok", null)));
        assertThat(store.delivery(a).attempts()).hasSize(2);
        assertThat(store.delivery(b).attempts()).hasSize(2);

        assertThat(store.purgeSucceeded(Instant.now().plusSeconds(60), 10)).isEqualTo(2);

        assertThat(count("SELECT count(*) FROM delivery")).isZero();
        assertThat(count("SELECT count(*) FROM delivery_attempt")).as("attempt rows left").isZero();

        // a deleted webhook's finished deliveries go with their attempts too
        String c = newDelivery("ev_c");
        ClaimedDelivery cc = store.claim(c, 0);
        store.failed(c, cc.seq(), "wh_1", 0, attempt(1, 500, "boom", "HTTP 500"), null);
        ClaimedDelivery cc2 = store.claim(c, (Integer) store.reviveOne(c).orElseThrow().get("dispatch_seq"));
        store.succeeded(new DeliveryStore.Success(c, cc2.seq(), "wh_1", false, attempt(2, 200, "ok", null)));
        execute("UPDATE webhook SET deleted_at = now()");

        assertThat(store.purgeOfDeletedWebhooks(10)).isEqualTo(1);

        assertThat(count("SELECT count(*) FROM delivery")).isZero();
        assertThat(count("SELECT count(*) FROM delivery_attempt")).as("attempt rows left").isZero();
    }

    // ---- helpers

    private static AttemptResult attempt(int n, int status, String excerpt, String error) {
        return new AttemptResult(n, T0.plusMillis(n * 1000L + 7), 10 + n, status, excerpt, error);
    }

    /** The attempt as the log lists it. */
    private static DeliveryView.Attempt listed(int n, int status, String excerpt, String error) {
        AttemptResult a = attempt(n, status, excerpt, error);
        return new DeliveryView.Attempt(a.attempt(), a.startedAt(), a.durationMs(), a.statusCode(), a.responseExcerpt(), a.error());
    }

    /** A new delivery of wh_1 for a new event, as the fan-out makes it. */
    private String newDelivery(String eventId) throws SQLException {
        DeliveryStore deliveries = store();
        List<FreshDelivery> rows = deliveries.recordAndFanOut(Map.of("id", eventId, "type", "contact.subscribed",
                "listId", "list_1", "source", "", "occurredAt", Timestamp.from(Instant.now()), "payload", "{}")).deliveries();
        assertThat(rows).hasSize(1);
        return rows.get(0).claimed().id();
    }

    private void insertAttemptRow(String deliveryId, AttemptResult a) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, deliveryId);
            ps.setInt(2, a.attempt());
            ps.setTimestamp(3, Timestamp.from(a.startedAt()));
            ps.setInt(4, a.durationMs());
            ps.setInt(5, a.statusCode());
            ps.setString(6, a.responseExcerpt());
            ps.setString(7, a.error());
            ps.executeUpdate();
        }
    }

    private Instant failingSince() throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT failing_since FROM webhook WHERE id = 'wh_1'")) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? null : t.toInstant();
        }
    }

    private int attemptRows(String deliveryId) throws SQLException {
        return intOf("SELECT count(*) FROM delivery_attempt WHERE delivery_id = ?", deliveryId);
    }

    private int dispatchSeq(String deliveryId) throws SQLException {
        return intOf("SELECT dispatch_seq FROM delivery WHERE id = ?", deliveryId);
    }

    /** The one integer a query of one delivery answers. */
    private int intOf(String sql, String deliveryId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        return Sql.count(db, sql);
    }

    private void execute(String sql) throws SQLException {
        Sql.execute(db, sql);
    }
}
