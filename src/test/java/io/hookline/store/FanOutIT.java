package io.hookline.store;

import io.hookline.support.SharedInfra;
import io.hookline.support.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out's one statement on a real PostgreSQL: an event and its deliveries written together,
 * a repeat writing nothing, and a webhook whose circuit is open getting its delivery written parked;
 * and the retry scheduler's, which parks again, in the same statement, what is due for such a webhook.
 */
class FanOutIT {

    private PGSimpleDataSource db;
    private DeliveryStore store;

    @BeforeEach
    void migrate() throws SQLException {
        db = StoreDatabase.create("fan_out");
        for (String id : new String[] {"wh_1", "wh_2"}) {
            execute("INSERT INTO webhook (id, list_id, url, events, secret) VALUES ('" + id
                    + "', 'list_1', 'https://example.com/', '{contact.subscribed}', 'v1:x')");
        }
        store = new DeliveryStore(db, Duration.ofMinutes(2), () -> "inst_1");
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        store.close();
        SharedInfra.dropDatabase(db);
    }

    @Test
    void anEventIsWrittenWithItsDeliveriesAndARepeatWritesNothing() throws Exception {
        FanOut first = store.recordAndFanOut(event("ev_1", "list_1"));
        assertThat(first.repeated()).isFalse();
        assertThat(first.deliveries()).extracting(f -> f.claimed().webhookId()).containsExactlyInAnyOrder("wh_1", "wh_2");
        assertThat(first.deliveries()).allSatisfy(f -> assertThat(f.claimed().holder()).isEqualTo("inst_1"));

        FanOut again = store.recordAndFanOut(event("ev_1", "list_1"));
        assertThat(again.repeated()).as("the same id again").isTrue();
        assertThat(again.deliveries()).isEmpty();
        assertThat(count("SELECT count(*) FROM delivery")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM event WHERE fanned_out")).isEqualTo(1);
    }

    @Test
    void anEventNoWebhookWantsIsRecordedAndNotFannedOutAgain() throws Exception {
        assertThat(store.recordAndFanOut(event("ev_2", "list_nobody")).repeated()).isFalse();
        assertThat(store.recordAndFanOut(event("ev_2", "list_nobody")).repeated()).isTrue();
        assertThat(count("SELECT count(*) FROM delivery")).isZero();
    }

    @Test
    void anEventLeftUnmarkedByAnEarlierVersionIsFannedOutOnItsRepeat() throws Exception {
        // an earlier version wrote the event, then its deliveries, then the mark: a crash between left this
        execute("INSERT INTO event (id, type, list_id, occurred_at, payload) VALUES ('ev_3', 'contact.subscribed', 'list_1', now(), '{}')");
        FanOut fanOut = store.recordAndFanOut(event("ev_3", "list_1"));
        assertThat(fanOut.repeated()).isFalse();
        assertThat(fanOut.deliveries()).hasSize(2);
        assertThat(count("SELECT count(*) FROM event WHERE fanned_out")).isEqualTo(1);
    }

    @Test
    void theDeliveryOfAWebhookWhoseCircuitIsOpenIsWrittenParkedAndNotHandedOver() throws Exception {
        Instant until = Instant.now().plusSeconds(30);
        FanOut fanOut = store.recordAndFanOut(event("ev_4", "list_1"), Map.of("wh_2", until, "wh_other", until));
        assertThat(fanOut.deliveries()).extracting(f -> f.claimed().webhookId()).containsExactly("wh_1");
        assertThat(fanOut.parked()).isEqualTo(1);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, held_by, next_attempt_at FROM delivery WHERE webhook_id = 'wh_2'")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("status")).isEqualTo("pending");
                assertThat(rs.getString("held_by")).as("parked: held by no one, the scheduler's when due").isNull();
                // due at the time given, plus up to half the wait again (spread like every deferral)
                long dueIn = Duration.between(Instant.now(), rs.getTimestamp("next_attempt_at").toInstant()).toSeconds();
                assertThat(dueIn).isBetween(28L, 46L);
            }
        }
        assertThat(count("SELECT count(*) FROM delivery WHERE webhook_id = 'wh_1' AND held_by = 'inst_1'")).isEqualTo(1);
    }

    @Test
    void theSchedulerReservesDueDeliveriesAndParksAgainThoseOfAWebhookWhoseCircuitIsOpen() throws Exception {
        store.recordAndFanOut(event("ev_5", "list_1"));
        execute("UPDATE delivery SET next_attempt_at = now() - interval '1 second', held_by = NULL");
        Instant until = Instant.now().plusSeconds(60);

        DeliveryStore.Due due = store.claimDue(10, Map.of("wh_2", until));

        assertThat(due.toDispatch()).extracting(row -> row.get("webhook_id")).containsExactly("wh_1");
        assertThat(due.parked()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM delivery WHERE webhook_id = 'wh_1' AND held_by = 'inst_1' "
                + "AND next_attempt_at > now() + interval '100 seconds'")).as("reserved for a lease of 2 minutes").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM delivery WHERE webhook_id = 'wh_2' AND held_by IS NULL "
                + "AND next_attempt_at BETWEEN now() + interval '58 seconds' AND now() + interval '91 seconds'"))
                .as("parked again: a cool-down, plus up to half of it").isEqualTo(1);
        assertThat(store.claimDue(10, Map.of()).toDispatch()).as("nothing due any more").isEmpty();
    }

    private static Map<String, Object> event(String id, String list) {
        return Map.of("id", id, "type", "contact.subscribed", "listId", list, "source", "",
                "occurredAt", Timestamp.from(Instant.now()), "payload", "{}");
    }

    private long count(String sql) throws SQLException {
        return Sql.count(db, sql);
    }

    private void execute(String sql) throws SQLException {
        Sql.execute(db, sql);
    }
}
