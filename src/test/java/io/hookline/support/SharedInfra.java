package io.hookline.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL and a real ActiveMQ broker for the tests, outside Hookline: Hookline reaches
 * them through {@code hookline.db.url} and {@code hookline.broker.url}, as it would reach
 * external servers, and they outlive any Hookline a test stops or kills.
 */
public final class SharedInfra {

    private static EmbeddedPostgres postgres;
    private static BrokerService broker;
    private static String openwireUrl;
    private static String stompUrl;

    private SharedInfra() {
    }

    public static synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("hookline-test-pg");
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            broker = new BrokerService();
            broker.setBrokerName("test-broker");
            broker.setPersistent(false);
            broker.setUseJmx(false);
            broker.setUseShutdownHook(false);
            broker.setAdvisorySupport(false);
            TransportConnector openwire = broker.addConnector("tcp://127.0.0.1:0");
            TransportConnector stomp = broker.addConnector("stomp://127.0.0.1:0");
            broker.start();
            broker.waitUntilStarted();
            openwireUrl = openwire.getPublishableConnectString();
            stompUrl = stomp.getPublishableConnectString();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfra::stop));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test PostgreSQL and broker", e);
        }
    }

    private static void stop() {
        try {
            broker.stop();
            postgres.close();
        } catch (Exception ignored) {
            // the JVM is going away
        }
    }

    public static String jdbcUrl() {
        start();
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public static String brokerUrl() {
        start();
        return openwireUrl;
    }

    public static int stompPort() {
        start();
        return Integer.parseInt(stompUrl.substring(stompUrl.lastIndexOf(':') + 1));
    }

    public static javax.sql.DataSource dataSource() {
        start();
        return postgres.getPostgresDatabase();
    }

    /**
     * A new, empty database on this JVM's PostgreSQL, for a test that builds its schema itself
     * (a migration from an earlier version, a plan under chosen statistics).
     */
    public static org.postgresql.ds.PGSimpleDataSource freshDatabase(String prefix) throws java.sql.SQLException {
        String database = prefix + "_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection admin = dataSource().getConnection(); java.sql.Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + database); // a generated identifier, no input
        }
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(jdbcUrl().replace("/postgres?", "/" + database + "?"));
        return ds;
    }

    /**
     * The secrets key of every Hookline a test starts on this JVM's database: instances sharing a
     * database must share the key, or the later one refuses to start.
     */
    public static final String SECRETS_KEY =
            java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
