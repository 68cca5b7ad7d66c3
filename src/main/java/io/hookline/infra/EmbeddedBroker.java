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
 * persistent (KahaDB under the data dir), with OpenWire and STOMP connectors for producers, which
 * let in only its one user and refuse frames far beyond the event limit.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** The queue producers publish events on. */
    public static final String EVENT_QUEUE = "contact.events";

    /** Room for a frame's headers and properties above the event body. */
    static final long FRAME_OVERHEAD = 64 * 1024;

    private final BrokerService broker;
    private final BrokerCredentials user;

    private EmbeddedBroker(BrokerService broker, BrokerCredentials user) {
        this.broker = broker;
        this.user = user;
    }

    /**
     * @param user          the one user every connection, Hookline's own included, must log in as
     * @param maxFrameBytes the largest OpenWire or STOMP frame a producer may send: refused from its
     *                      announced size, before the broker reads (and holds) the rest of it
     */
    public static EmbeddedBroker start(Path dataDir, String openwire, String stomp, BrokerCredentials user, long maxFrameBytes) {
        return start(dataDir, openwire, stomp, user, maxFrameBytes, memoryLimit());
    }

    static EmbeddedBroker start(Path dataDir, String openwire, String stomp, BrokerCredentials user, long maxFrameBytes,
                                long memoryLimit) {
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
            // ActiveMQ would take 70% of the heap for messages, and a burst of events then
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
            // no anonymous access: whoever reaches a port could otherwise publish events Hookline signs
            // and delivers, or read the events and dead-letter copies
            plugins.add(new SingleUserAuthentication(user));
            // an event a producer was told had arrived must survive a crash, however it was sent
            plugins.add(new PersistentEvents(Set.of(EVENT_QUEUE)));
            broker.setPlugins(plugins.toArray(new BrokerPlugin[0]));
            if (openwire != null && !openwire.isBlank()) {
                broker.addConnector(withFrameLimit(openwire, maxFrameBytes, false));
            }
            if (stomp != null && !stomp.isBlank()) {
                broker.addConnector(withFrameLimit(stomp, maxFrameBytes, true));
            }
            broker.start();
            broker.waitUntilStarted();
            LOG.info("Embedded ActiveMQ broker started (OpenWire {}, STOMP {}, user {}, frames up to {} bytes) with data in {}",
                    openwire, stomp, user.username(), maxFrameBytes, dir);
            return new EmbeddedBroker(broker, user);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded ActiveMQ broker: " + e.getMessage(), e);
        }
    }

    /**
     * The frame limit for events of at most {@code maxEventBytes}: a little above, for the headers and
     * properties around the body, so an event just over the limit still arrives and is quarantined as
     * {@code too_large} with a reason, and only a frame far beyond it is refused at the door.
     */
    public static long maxFrameBytes(long maxEventBytes) {
        return maxEventBytes + FRAME_OVERHEAD;
    }

    /**
     * The connector URI with the frame limit added, unless the URI sets its own. OpenWire checks a
     * frame's announced size before reading it; STOMP checks content-length before reading the body,
     * and counts the bytes of a body sent without one, so neither holds more than the limit.
     */
    static String withFrameLimit(String uri, long maxFrameBytes, boolean stomp) {
        if (uri.contains("maxFrameSize") || uri.contains("maxDataLength")) {
            return uri;
        }
        String limit = "wireFormat.maxFrameSize=" + maxFrameBytes
                + (stomp ? "&wireFormat.maxDataLength=" + Math.min(maxFrameBytes, Integer.MAX_VALUE) : "");
        return uri + (uri.contains("?") ? "&" : "?") + limit;
    }

    /** An eighth of the heap, at most 64 MiB. */
    static long memoryLimit() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /** In-VM URL: the dispatcher's own connections skip TCP. */
    public String vmUrl() {
        return "vm://hookline?create=false";
    }

    /** The user Hookline's own connections log in as. */
    public BrokerCredentials user() {
        return user;
    }

    /** Bytes of messages the broker holds in memory now. */
    long memoryInUse() {
        return broker.getSystemUsage().getMemoryUsage().getUsage();
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
