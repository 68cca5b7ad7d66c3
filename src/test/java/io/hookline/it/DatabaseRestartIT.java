package io.hookline.it;

import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL is stopped and started again while deliveries are under way: Hookline reports not
 * ready while it is gone, events published meanwhile wait on the broker, and once it is back
 * every delivery is made.
 */
class DatabaseRestartIT extends HooklineTestSupport {

    // static: the Camel test base reads the properties from its constructor
    private static final RestartablePostgres PG = new RestartablePostgres();
    private static final int CONCURRENCY = 8;

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.db.url", PG.jdbcUrl());
        p.setProperty("hookline.delivery.concurrency", Integer.toString(CONCURRENCY));
        FaultLoad.tune(p);
    }

    @AfterAll
    void stopDatabase() {
        context.stop();
        PG.close();
    }

    private int readiness() {
        return api.call("GET", "/q/health/ready", null, null).status();
    }

    /**
     * The ingest consumer's local transaction: an event whose write fails is rolled back to the
     * broker and comes back until it is written, then delivered once. PostgreSQL refuses the event's
     * first two writes (a trigger counting with a sequence, which a rollback does not undo).
     */
    @Test
    void anEventWhoseWriteFailsIsRolledBackToTheBrokerAndDeliveredOnceItIsWritten() throws Exception {
        FaultLoad load = new FaultLoad(api);
        String event = load.newEvent();
        String id = FaultLoad.idOf(event);
        try (Connection c = DriverManager.getConnection(PG.jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE refused_writes");
            st.execute("CREATE FUNCTION refuse_twice() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.id = '" + id + "' AND nextval('refused_writes') <= 2 THEN RAISE EXCEPTION 'refused for the test'; END IF; "
                    + "RETURN NEW; END $$");
            st.execute("CREATE TRIGGER refuse_twice BEFORE INSERT ON event FOR EACH ROW EXECUTE FUNCTION refuse_twice()");
        }
        try {
            broker.sendText("contact.events", event);
            load.accepted(event);
            load.assertAllDeliveredOnce(Duration.ofSeconds(30));
            try (Connection c = DriverManager.getConnection(PG.jdbcUrl()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT last_value FROM refused_writes")) {
                rs.next();
                assertThat(rs.getLong(1)).as("writes of the event: two refused, then the one that held").isEqualTo(3);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(PG.jdbcUrl()); Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER refuse_twice ON event");
                st.execute("DROP FUNCTION refuse_twice()");
                st.execute("DROP SEQUENCE refused_writes");
            }
            load.close();
        }
    }

    @Test
    void deliveriesUnderWayWhenTheDatabaseRestartsAreAllMadeAndNoneLost() {
        FaultLoad load = new FaultLoad(api);
        try {
            load.receiver.delay(20);
            load.publish(broker, 300);
            load.awaitDelivered(load.expected() / 6);

            int publishedBefore = load.expected();
            PG.stop();
            int atStop = load.deliveredPairs();
            await().alias("not ready without the database").atMost(Duration.ofSeconds(30)).until(() -> readiness() == 503);
            // accepted by the broker while the database is away: they must wait, not vanish
            load.publish(broker, 100);
            PG.start();
            await().alias("ready again").atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);

            // an attempt made while PostgreSQL went away may not have had its outcome written: it is
            // made again, with its webhook-id; at most one per delivery thread (concurrency 8)
            int repeats = load.assertAllDeliveredRepeatingAtMost(CONCURRENCY, Duration.ofSeconds(120));
            assertThat(atStop).as("the database stopped in mid-load").isLessThan(publishedBefore);
            System.out.printf("database restart: %d deliveries expected, all received, %d before the stop, %d repeats%n",
                    load.expected(), atStop, repeats);
        } finally {
            load.close();
        }
    }
}
