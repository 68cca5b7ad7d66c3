package io.hookline.support;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A persistent ActiveMQ broker that a fault test can stop and start again on the same port and
 * the same KahaDB store, as an operator restarting the broker under Hookline would.
 */
public final class RestartableBroker implements AutoCloseable {

    private final Path store;
    private final int port;
    private final int stompPort;
    private BrokerService broker;

    public RestartableBroker() {
        try {
            this.store = Files.createTempDirectory("hookline-fault-broker");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.port = SharedInfra.freePort();
        this.stompPort = SharedInfra.freePort();
        start();
    }

    /** The URL Hookline and producers are given: failover, so both ride out a restart. */
    public String failoverUrl() {
        return "failover:(tcp://127.0.0.1:" + port + ")?initialReconnectDelay=100&maxReconnectDelay=1000";
    }

    /** Its STOMP port, the same after a restart. */
    public int stompPort() {
        return stompPort;
    }

    public synchronized void start() {
        try {
            BrokerService b = new BrokerService();
            b.setBrokerName("fault-broker");
            b.setUseJmx(false);
            b.setUseShutdownHook(false);
            b.setAdvisorySupport(false);
            KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
            kahaDb.setDirectory(new File(store.toFile(), "kahadb"));
            b.setPersistenceAdapter(kahaDb);
            b.setDataDirectoryFile(store.toFile());
            b.addConnector("tcp://127.0.0.1:" + port + "?transport.reuseAddress=true");
            b.addConnector("stomp://127.0.0.1:" + stompPort + "?transport.reuseAddress=true");
            b.start();
            b.waitUntilStarted();
            broker = b;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker", e);
        }
    }

    public synchronized void stop() {
        try {
            broker.stop();
            broker.waitUntilStopped();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test broker", e);
        }
    }

    @Override
    public void close() {
        if (broker != null && broker.isStarted()) {
            stop();
        }
    }
}
