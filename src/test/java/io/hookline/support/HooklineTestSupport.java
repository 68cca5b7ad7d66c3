package io.hookline.support;

import io.hookline.App;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runs the real application (its YAML routes and configuration) against the shared test broker
 * and database, with the HTTP API on a port the system chooses. Subclasses tune properties in {@link #tune}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HooklineTestSupport extends CamelMainTestSupport {

    public static final String API_KEY = "test-api-key";

    protected ApiClient api;
    protected Broker broker;

    @Override
    protected Class<?> getMainClass() {
        return App.class;
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return App.CONFIG_LOCATION;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        try {
            p.setProperty("hookline.data-dir", Files.createTempDirectory("hookline-data").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.setProperty("hookline.db.url", SharedInfra.jdbcUrl());
        p.setProperty("hookline.broker.url", SharedInfra.brokerUrl());
        // 0: the server binds a port the system chooses, so no other test JVM can take it between
        // choosing and binding, as with a port found free beforehand (see httpPort)
        p.setProperty("hookline.http-port", "0");
        p.setProperty("hookline.api.keys", API_KEY);
        p.setProperty("hookline.delivery.allow-private-targets", "true");
        p.setProperty("hookline.delivery.scheduler-interval", "200ms");
        p.setProperty("hookline.delivery.redelivery-delay", "50ms");
        p.setProperty("hookline.delivery.timeout", "3s");
        p.setProperty("hookline.delivery.concurrency", "8");
        tune(p);
        return p;
    }

    /** The port the API, the console, the probes and the metrics listen on; known once Hookline has started. */
    protected int httpPort() {
        return context.hasService(VertxPlatformHttpServer.class).getServer().actualPort();
    }

    /** Per-class settings on top of the test defaults. */
    protected void tune(Properties p) {
    }

    /** Stop Hookline before the JVM's shutdown hooks stop the broker and database under it. */
    @AfterAll
    void stopHookline() {
        context.stop();
    }

    @Override
    protected void doPostSetup() throws Exception {
        super.doPostSetup();
        api = new ApiClient("http://127.0.0.1:" + httpPort(), API_KEY);
        broker = new Broker(SharedInfra.brokerUrl());
    }

    protected static Path tempDir() {
        try {
            return Files.createTempDirectory("hookline");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
