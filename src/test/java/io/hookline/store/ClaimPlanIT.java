package io.hookline.store;

import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim looks its deliveries up by primary key whatever the statistics say. Its status test
 * once matched the partial index of due deliveries, and with statistics taken when few were
 * pending the planner read that whole index and joined the batch against it, once per batch:
 * with a long queue, half of PostgreSQL's time under load.
 */
class ClaimPlanIT {

    @Test
    void theClaimUsesThePrimaryKeyEvenWhenStatisticsSayAlmostNothingIsPending() throws Exception {
        PGSimpleDataSource ds = StoreDatabase.create("claim_plan");

        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO webhook (id, list_id, url, events, secret) "
                    + "VALUES ('wh_1', 'list_1', 'https://example.com/', '{contact.subscribed}', 'v1:x')");
            st.execute("INSERT INTO event (id, type, list_id, occurred_at, payload) "
                    + "SELECT 'ev_' || i, 'contact.subscribed', 'list_1', now(), '{}' FROM generate_series(1, 5000) i");
            // thousands finished, one pending: what statistics taken in a quiet moment describe
            st.execute("INSERT INTO delivery (id, webhook_id, event_id, event_type, status, completed_at) "
                    + "SELECT 'msg_' || i, 'wh_1', 'ev_' || i, 'contact.subscribed', 'succeeded', now() FROM generate_series(1, 4999) i");
            st.execute("INSERT INTO delivery (id, webhook_id, event_id, event_type, status, next_attempt_at) "
                    + "VALUES ('msg_5000', 'wh_1', 'ev_5000', 'contact.subscribed', 'pending', now() + interval '2 minutes')");
            st.execute("ANALYZE");

            st.execute("SET plan_cache_mode = force_generic_plan"); // the plan a pooled connection keeps
            st.execute("PREPARE claim(text, double precision, double precision, text[], int[]) AS " + numbered(DeliveryStore.CLAIM));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE claim('inst_1', 60, 120, ARRAY['msg_5000', 'msg_1'], ARRAY[0, 0])")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("delivery_pkey").doesNotContain("delivery_due");
        } finally {
            SharedInfra.dropDatabase(ds);
        }
    }

    /** JDBC's ? placeholders as PREPARE's $1, $2, … */
    private static String numbered(String sql) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                b.append('$').append(++n);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
