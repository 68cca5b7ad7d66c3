package io.hookline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of successes is not planned again each time. Under load a batch holds a few rows, and
 * when the planner could see the arrays' lengths each batch's own plan looked cheaper than the
 * generic one, so PostgreSQL planned every batch: more than half as long as the update took.
 */
class SuccessPlanIT {

    private static final int BATCHES = 20;
    private static final int WEBHOOKS = 3;

    @Test
    void batchesOfSuccessesRunOnTheGenericPlanAfterTheFirstFew() throws Exception {
        PGSimpleDataSource db = StoreDatabase.create("success_plan");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (int w = 0; w < WEBHOOKS; w++) {
                st.execute("INSERT INTO webhook (id, list_id, url, events, secret) VALUES ('wh_" + w
                        + "', 'list_1', 'https://example.com/', '{contact.subscribed}', 'v1:x')");
            }
            // a table of some size, analyzed: each row the plan looks up by key then costs what it
            // does in production, and a plan for three rows looks much cheaper than one for ten
            st.execute("INSERT INTO delivery (id, webhook_id, event_id, event_type, status, completed_at) "
                    + "SELECT 'msg_old_' || i, 'wh_0', 'ev_old_' || i, 'contact.subscribed', 'succeeded', now() "
                    + "FROM generate_series(1, 50000) i");
            // no autovacuum during the batches: its statistics would make the plan be made again
            st.execute("ALTER TABLE delivery SET (autovacuum_enabled = off)");
            st.execute("VACUUM ANALYZE delivery");
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(db);
        config.setMaximumPoolSize(1); // one session: the one whose prepared statements are read below
        try (HikariDataSource pool = new HikariDataSource(config)) {
            DeliveryStore store = new DeliveryStore(pool, Duration.ofMinutes(2), () -> "inst_1");
            try {
                for (int b = 0; b < BATCHES; b++) {
                    FanOut fanOut = store.recordAndFanOut(Map.of("id", "ev_" + b, "type", "contact.subscribed",
                            "listId", "list_1", "source", "", "occurredAt", Timestamp.from(Instant.now()), "payload", "{}"));
                    List<DeliveryStore.Success> batch = new ArrayList<>();
                    for (FreshDelivery f : fanOut.deliveries()) {
                        ClaimedDelivery d = f.claimed();
                        batch.add(new DeliveryStore.Success(d.id(), d.seq(), d.webhookId(), false,
                                new AttemptResult(1, Instant.now(), 12, 200, "", null)));
                    }
                    assertThat(store.succeededAll(batch)).as("batch %d recorded", b).containsOnly(true).hasSize(WEBHOOKS);
                }
            } finally {
                store.close();
            }
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                         + "WHERE statement LIKE '%SET status = ''succeeded'', attempt_count = s.attempt%'")) {
                assertThat(rs.next()).as("the success statement is prepared in the pool's session").isTrue();
                // the driver prepares it on the server at its fifth use, PostgreSQL tries five custom plans
                assertThat(rs.getLong("custom_plans")).as("batches planned for themselves").isLessThanOrEqualTo(5);
                assertThat(rs.getLong("generic_plans")).as("batches run on the generic plan").isGreaterThanOrEqualTo(BATCHES - 10);
            }
        } finally {
            SharedInfra.dropDatabase(db);
        }
    }
}
