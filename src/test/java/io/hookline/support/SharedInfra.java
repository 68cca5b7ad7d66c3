package io.hookline.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL and a real ActiveMQ broker for the tests, outside Hookline: Hookline reaches
 * them through {@code hookline.db.url} and {@code hookline.broker.url}, as it would reach
 * external servers, and they outlive any Hookline a test stops or kills.
 *
 * <p>One PostgreSQL cluster serves every test class of a JVM (surefire reuses its forks), and each
 * class gets its own database and its own broker: {@link PerClassInfra} tells this class which
 * test class runs, and the first look-up after a change creates them, so nothing one class
 * stored or left queued reaches the next.
 */
public final class SharedInfra {

    private static EmbeddedPostgres postgres;
    private static String owner;            // the test class now running
    private static String infraOwner;       // the test class the current database and broker belong to
    private static String database;
    private static BrokerService broker;
    private static String openwireUrl;
    private static String stompUrl;

    private SharedInfra() {
    }

    /** Called as each test class starts (see {@link PerClassInfra}); the database and broker follow lazily. */
    static synchronized void enterClass(String testClass) {
        owner = testClass;
    }

    private static synchronized void start() {
        if (postgres == null) {
            try {
                Path dir = Files.createTempDirectory("hookline-test-pg");
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the test PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfra::stop));
        }
        if (database == null || !java.util.Objects.equals(owner, infraOwner)) {
            String previous = database;
            stopBroker();
            database = "t_" + UUID.randomUUID().toString().replace("-", "");
            execute("CREATE DATABASE " + database); // a generated identifier, no input
            if (previous != null) {
                // whatever the previous class left connected goes with its database
                execute("DROP DATABASE IF EXISTS " + previous + " WITH (FORCE)");
            }
            startBroker();
            infraOwner = owner;
        }
    }

    private static void execute(String sql) {
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on the test PostgreSQL", e);
        }
    }

    private static void startBroker() {
        try {
            broker = new BrokerService();
            broker.setBrokerName("test-broker-" + UUID.randomUUID());
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
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker", e);
        }
    }

    private static void stopBroker() {
        if (broker != null) {
            try {
                broker.stop();
                broker.waitUntilStopped();
            } catch (Exception ignored) {
                // a new one replaces it
            }
            broker = null;
        }
    }

    private static synchronized void stop() {
        stopBroker();
        try {
            postgres.close();
        } catch (Exception ignored) {
            // the JVM is going away
        }
    }

    /** This test class's database. */
    public static synchronized String jdbcUrl() {
        start();
        return postgres.getJdbcUrl("postgres", database);
    }

    public static synchronized String brokerUrl() {
        start();
        return openwireUrl;
    }

    public static synchronized int stompPort() {
        start();
        return Integer.parseInt(stompUrl.substring(stompUrl.lastIndexOf(':') + 1));
    }

    /** This test class's database. */
    public static synchronized javax.sql.DataSource dataSource() {
        start();
        return postgres.getDatabase("postgres", database);
    }

    /**
     * A new, empty database on this JVM's PostgreSQL, for a test that builds its schema itself
     * (a migration from an earlier version, a plan under chosen statistics).
     */
    public static synchronized org.postgresql.ds.PGSimpleDataSource freshDatabase(String prefix) throws SQLException {
        start();
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + name); // a generated identifier, no input
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(postgres.getJdbcUrl("postgres", name));
        return ds;
    }

    /** Drops a database {@link #freshDatabase} made, whoever is still connected to it. */
    public static synchronized void dropDatabase(org.postgresql.ds.PGSimpleDataSource database) {
        start();
        execute("DROP DATABASE IF EXISTS " + database.getDatabaseName() + " WITH (FORCE)"); // a generated identifier
    }

    /** The JDBC URL of a database {@link #freshDatabase} made, for a Hookline to be given. */
    public static synchronized String jdbcUrlOf(org.postgresql.ds.PGSimpleDataSource database) {
        start();
        return postgres.getJdbcUrl("postgres", database.getDatabaseName());
    }

    /**
     * The secrets key of every Hookline a test starts on this JVM's database: instances sharing a
     * database must share the key, or the later one refuses to start.
     */
    public static final String SECRETS_KEY =
            java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));

    /**
     * A port free now and never handed out before in this JVM: the kernel may give the same free
     * port to two calls in a row, and a test that asks for an HTTP and a broker port then starts
     * both on one (its HTTP probe then talks to the broker).
     */
    public static synchronized int freePort() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();
}
