package io.hookline.it;

import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.ConnectionContext;
import org.apache.activemq.command.ConnectionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Hookline against servers that check who connects: a broker that accepts only a known user and
 * a PostgreSQL role whose password is checked (scram-sha-256), with the pool size it is given.
 */
class ExternalServersIT extends HooklineTestSupport {

    private static final String BROKER_USER = "hookline";
    private static final String BROKER_PASSWORD = "broker-s3cret";
    private static final String DB_USER = "hookline_app";
    private static final String DB_PASSWORD = "db-s3cret";
    private static final int POOL_SIZE = 5;

    private static BrokerService securedBroker;
    private static String securedBrokerUrl;
    private static String dbUrl;
    private final RecordingReceiver receiver = new RecordingReceiver();

    @Override
    protected void tune(Properties p) {
        startSecuredServers();
        p.setProperty("hookline.broker.url", securedBrokerUrl);
        p.setProperty("hookline.broker.username", BROKER_USER);
        p.setProperty("hookline.broker.password", BROKER_PASSWORD);
        p.setProperty("hookline.db.url", dbUrl);
        p.setProperty("hookline.db.username", DB_USER);
        p.setProperty("hookline.db.password", DB_PASSWORD);
        p.setProperty("hookline.db.pool-size", Integer.toString(POOL_SIZE));
    }

    private static synchronized void startSecuredServers() {
        if (securedBroker != null) {
            return;
        }
        try {
            securedBroker = new BrokerService();
            securedBroker.setBrokerName("secured-broker");
            securedBroker.setPersistent(false);
            securedBroker.setUseJmx(false);
            securedBroker.setUseShutdownHook(false);
            securedBroker.setAdvisorySupport(false);
            securedBroker.setPlugins(new BrokerPlugin[] {ExternalServersIT::acceptOnlyTheHooklineUser});
            securedBrokerUrl = securedBroker.addConnector("tcp://127.0.0.1:0").getPublishableConnectString();
            securedBroker.start();
            securedBroker.waitUntilStarted();

            // a role of its own with a password PostgreSQL checks: its pg_hba.conf lets the test
            // superuser in without one, so a scram-sha-256 line for this role goes first
            Matcher port = Pattern.compile("//[^:/]+:(\\d+)/").matcher(SharedInfra.jdbcUrl());
            assertThat(port.find()).isTrue();
            dbUrl = "jdbc:postgresql://127.0.0.1:" + port.group(1) + "/" + DB_USER;
            try (Connection c = SharedInfra.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + DB_USER + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
                s.execute("CREATE DATABASE " + DB_USER + " OWNER " + DB_USER);
                try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                    rs.next();
                    Path hba = Path.of(rs.getString(1));
                    Files.writeString(hba, "host all " + DB_USER + " 127.0.0.1/32 scram-sha-256\n"
                            + "host all " + DB_USER + " ::1/128 scram-sha-256\n" + Files.readString(hba));
                }
                s.execute("SELECT pg_reload_conf()");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the secured broker and database role", e);
        }
    }

    /** A broker that, like one with authentication turned on, refuses a connection without the right user and password. */
    private static BrokerFilter acceptOnlyTheHooklineUser(org.apache.activemq.broker.Broker next) {
        return new BrokerFilter(next) {
            @Override
            public void addConnection(ConnectionContext context, ConnectionInfo info) throws Exception {
                if (!BROKER_USER.equals(info.getUserName()) || !BROKER_PASSWORD.equals(info.getPassword())) {
                    throw new SecurityException("User name [" + info.getUserName() + "] or password is invalid.");
                }
                super.addConnection(context, info);
            }
        };
    }

    @AfterAll
    void stopSecuredBroker() throws Exception {
        receiver.close();
        context.stop();
        securedBroker.stop();
    }

    @Test
    void theServersRefuseWrongCredentials() {
        assertThatThrownBy(() -> DriverManager.getConnection(dbUrl, DB_USER, "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        Broker anonymous = new Broker(securedBrokerUrl);
        assertThatThrownBy(() -> anonymous.sendText("contact.events", "{}")).hasStackTraceContaining("User name [null]");
    }

    @Test
    void anEventPublishedWithTheBrokerCredentialsIsDeliveredThroughTheCredentialedDatabase() {
        String list = "list_" + UUID.randomUUID();
        api.createWebhook(list, receiver.url("/secured"), List.of("contact.subscribed"));
        Broker producer = new Broker(securedBrokerUrl + "?jms.userName=" + BROKER_USER + "&jms.password=" + BROKER_PASSWORD);
        String eventId = "e-" + UUID.randomUUID();
        producer.sendText("contact.events", EventDeliveryIT.event(eventId, "contact.subscribed", list, ""));
        producer.close();

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.pairs().contains("/secured " + eventId));
    }

    @Test
    void theDatabasePoolHoldsTheConfiguredNumberOfConnections() {
        // the pool, and the one connection the instance heartbeat keeps of its own
        await().atMost(Duration.ofSeconds(20)).until(() -> connectionsOf(DB_USER) == POOL_SIZE + 1);
    }

    private static int connectionsOf(String user) throws SQLException {
        try (Connection c = SharedInfra.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + user + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
