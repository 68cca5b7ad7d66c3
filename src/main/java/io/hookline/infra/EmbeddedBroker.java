package io.hookline.infra;

import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ActiveMQ Classic run inside Hookline when no {@code hookline.broker.url} is configured:
 * persistent (KahaDB under the data dir), with OpenWire and STOMP connectors for producers.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** The queue producers publish events on. */
    public static final String EVENT_QUEUE = "contact.events";

    private final BrokerService broker;

    private EmbeddedBroker(BrokerService broker) {
        this.broker = broker;
    }

    public static EmbeddedBroker start(Path dataDir, String openwire, String stomp) {
        return start(dataDir, openwire, stomp, memoryLimit());
    }

    static EmbeddedBroker start(Path dataDir, String openwire, String stomp, long memoryLimit) {
        BrokerService broker = new BrokerService();
        try {
            Path dir = dataDir.resolve("broker").toAbsolutePath();
            broker.setBrokerName("hookline");
            broker.setDataDirectoryFile(dir.toFile());
            broker.setPersistent(true);
            KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
            kahaDb.setDirectory(dir.resolve("kahadb").toFile());
            broker.setPersistenceAdapter(kahaDb);
            // Hookline stops the broker itself, after its routes, so nothing in flight is cut off
            broker.setUseShutdownHook(false);
            broker.setUseJmx(true);
            broker.getManagementContext().setCreateConnector(false);
            broker.setSchedulerSupport(false);
            // ActiveMQ would take 70% of the heap for messages, and a burst of deliveries then
            // starves Hookline of memory (full GCs back to back); beyond this, messages spool to disk
            broker.getSystemUsage().getMemoryUsage().setLimit(memoryLimit);
            // When that memory is full, a queue spools to disk (persistent messages to KahaDB, the
            // others to the temp store) instead of blocking the sender: ActiveMQ blocks the sender's
            // whole connection, with every consumer on it, and Hookline's consumers are the ones
            // whose acknowledgements would free the memory.
            PolicyEntry spool = new PolicyEntry();
            spool.setQueue(">");
            spool.setProducerFlowControl(false);
            PolicyMap policies = new PolicyMap();
            policies.setDefaultEntry(spool);
            broker.setDestinationPolicy(policies);
            broker.setAdvisorySupport(false);
            List<BrokerPlugin> plugins = new ArrayList<>();
            // an event a producer was told had arrived must survive a crash, however it was sent
            plugins.add(new PersistentEvents(Set.of(EVENT_QUEUE)));
            broker.setPlugins(plugins.toArray(new BrokerPlugin[0]));
            if (openwire != null && !openwire.isBlank()) {
                broker.addConnector(openwire);
            }
            if (stomp != null && !stomp.isBlank()) {
                broker.addConnector(stomp);
            }
            broker.start();
            broker.waitUntilStarted();
            LOG.info("Embedded ActiveMQ broker started (OpenWire {}, STOMP {}) with data in {}", openwire, stomp, dir);
            return new EmbeddedBroker(broker);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded ActiveMQ broker: " + e.getMessage(), e);
        }
    }

    /** An eighth of the heap, at most 64 MiB. */
    static long memoryLimit() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /** In-VM URL: the dispatcher's own connections skip TCP. */
    public String vmUrl() {
        return "vm://hookline?create=false";
    }

    @Override
    public void close() {
        try {
            broker.stop();
            broker.waitUntilStopped();
            LOG.info("Embedded ActiveMQ broker stopped");
        } catch (Exception e) {
            LOG.warn("Embedded ActiveMQ broker did not stop cleanly: {}", e.getMessage());
        }
    }
}
