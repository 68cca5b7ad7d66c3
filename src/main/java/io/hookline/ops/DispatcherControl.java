package io.hookline.ops;

import io.hookline.delivery.DeliveryQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;

/**
 * The {@code io.hookline:type=Dispatcher} MBean: live counts, and pause, resume and
 * retry-the-dead operations. Pausing holds the deliveries handed to the delivery route and suspends
 * the retry scheduler, so deliveries wait in memory and in PostgreSQL until delivery resumes.
 */
public class DispatcherControl implements DispatcherMBean {

    public static final String OBJECT_NAME = "io.hookline:type=Dispatcher";
    static final String SCHEDULER_ROUTE = "retry-scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherControl.class);

    private final CamelContext camel;
    private final DeliveryQueue queue;
    private final DeliveryCounts counts;
    private final HooklineMetrics metrics;
    private final DeadDeliveries deadDeliveries;

    public DispatcherControl(CamelContext camel, DeliveryQueue queue, DeliveryCounts counts, HooklineMetrics metrics,
                             DeadDeliveries deadDeliveries) {
        this.camel = camel;
        this.queue = queue;
        this.counts = counts;
        this.metrics = metrics;
        this.deadDeliveries = deadDeliveries;
    }

    /** Registers on the platform MBean server, replacing a left-over registration of an earlier context. */
    public void register() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        try {
            server.registerMBean(new StandardMBean(this, DispatcherMBean.class), name);
        } catch (InstanceAlreadyExistsException e) {
            server.unregisterMBean(name);
            server.registerMBean(new StandardMBean(this, DispatcherMBean.class), name);
        }
    }

    public void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(OBJECT_NAME));
        } catch (InstanceNotFoundException e) {
            // never registered, or already gone
        } catch (JMException e) {
            LOG.warn("Cannot unregister {}: {}", OBJECT_NAME, e.getMessage());
        }
    }

    @Override
    public long getDeliveriesPending() {
        return counts.current().pending();
    }

    @Override
    public long getDeliveriesRetrying() {
        return counts.current().retrying();
    }

    @Override
    public long getDeliveriesDead() {
        return counts.current().dead();
    }

    @Override
    public long getDeliveriesSucceededSinceStart() {
        return metrics.succeededCount();
    }

    @Override
    public long getDeliveriesFailedSinceStart() {
        return metrics.failedCount();
    }

    @Override
    public long getWebhooksEnabled() {
        return counts.current().webhooksEnabled();
    }

    @Override
    public long getWebhooksDisabled() {
        return counts.current().webhooksDisabled();
    }

    @Override
    public boolean isDeliveryPaused() {
        return queue.paused() || camel.getRouteController().getRouteStatus(SCHEDULER_ROUTE) == ServiceStatus.Suspended;
    }

    /**
     * The delivery queue holds what is handed over (see {@link DeliveryQueue#pause}) and the scheduler
     * is suspended; attempts under way end.
     */
    @Override
    public void pauseDelivery() throws Exception {
        camel.getRouteController().suspendRoute(SCHEDULER_ROUTE);
        queue.pause();
        LOG.info("Delivery paused over JMX: the delivery queue holds what is handed over, {} suspended", SCHEDULER_ROUTE);
    }

    @Override
    public void resumeDelivery() throws Exception {
        queue.resume();
        camel.getRouteController().resumeRoute(SCHEDULER_ROUTE);
        LOG.info("Delivery resumed over JMX");
    }

    @Override
    public int retryDeadDeliveries(String webhookId) throws Exception {
        int n = deadDeliveries.retry(webhookId);
        LOG.info("{} dead deliveries of webhook {} put back on the retry schedule over JMX", n, webhookId);
        return n;
    }
}
