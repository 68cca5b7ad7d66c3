package io.hookline.infra;

import io.hookline.config.BrokerSettings;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Connections to ActiveMQ: the configured broker, or the embedded one started first. */
public final class BrokerConnections {

    private final ActiveMQConnectionFactory factory;
    private final Consumer<AutoCloseable> closeAtStop;

    private BrokerConnections(ActiveMQConnectionFactory factory, Consumer<AutoCloseable> closeAtStop) {
        this.factory = factory;
        this.closeAtStop = closeAtStop;
    }

    /**
     * {@code closeAtStop} receives the embedded broker (if started) and each pool made later;
     * {@code maxEventBytes} sets the embedded broker's frame limit.
     */
    public static BrokerConnections open(BrokerSettings settings, Path dataDir, long maxEventBytes,
                                         Consumer<AutoCloseable> closeAtStop) {
        String url = settings.url();
        String username = settings.username();
        String password = settings.password();
        if (settings.embedded()) {
            BrokerCredentials user = BrokerCredentials.configuredOrGenerated(
                    settings.embeddedUsername(), settings.embeddedPassword(), dataDir);
            EmbeddedBroker broker = EmbeddedBroker.start(dataDir, settings.embeddedOpenwire(), settings.embeddedStomp(),
                    user, EmbeddedBroker.maxFrameBytes(maxEventBytes));
            closeAtStop.accept(broker);
            url = broker.vmUrl();
            // the embedded broker lets no one in without its user, Hookline included
            username = user.username();
            password = user.password();
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        if (!username.isEmpty()) {
            factory.setUserName(username);
            factory.setPassword(password);
        }
        // no class is trusted for ObjectMessage bodies: Hookline never deserialises producer input
        factory.setTrustAllPackages(false);
        factory.setTrustedPackages(List.of());
        factory.getPrefetchPolicy().setQueuePrefetch(settings.prefetch());
        factory.setRedeliveryPolicy(foreverRedelivery());
        factory.setNonBlockingRedelivery(true);
        return new BrokerConnections(factory, closeAtStop);
    }

    /** A pool of its own over the broker's connections, closed at stop. */
    public JmsPoolConnectionFactory pool(int connections) {
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(factory);
        pool.setMaxConnections(connections);
        closeAtStop.accept(pool::stop);
        return pool;
    }

    /** A message whose processing failed for lack of the database waits and comes back, never to a DLQ. */
    private static RedeliveryPolicy foreverRedelivery() {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        policy.setInitialRedeliveryDelay(500);
        policy.setRedeliveryDelay(500);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setMaximumRedeliveryDelay(30_000);
        return policy;
    }
}
