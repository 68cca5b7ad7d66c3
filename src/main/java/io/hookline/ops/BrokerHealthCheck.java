package io.hookline.ops;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: a connection and a session can be had from the broker connection factory Camel
 * uses. Bounded in time: a failover URL keeps trying to reconnect instead of failing.
 */
public class BrokerHealthCheck extends AbstractHealthCheck implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 3;

    private final ConnectionFactory connectionFactory;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hookline-broker-health");
        t.setDaemon(true);
        return t;
    });

    public BrokerHealthCheck(ConnectionFactory connectionFactory) {
        super("hookline", "broker");
        this.connectionFactory = connectionFactory;
    }

    @Override
    public boolean isLiveness() {
        return false; // a broker outage is waited out, not cured by a restart
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Future<?> check = checker.submit(() -> {
            try (Connection c = connectionFactory.createConnection();
                 Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                c.start();
            }
            return null;
        });
        try {
            check.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            builder.up();
        } catch (TimeoutException e) {
            check.cancel(true);
            builder.down().message("no broker connection within " + TIMEOUT_SECONDS + "s");
        } catch (ExecutionException e) {
            builder.down().message("broker unreachable: " + e.getCause().getMessage()).error(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("interrupted");
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
