package io.hookline.wiring;

import io.hookline.config.HooklineSettings;
import io.hookline.ops.BrokerHealthCheck;
import io.hookline.ops.DatabaseHealthCheck;
import io.hookline.ops.DeadDeliveries;
import io.hookline.ops.DeliveryCounts;
import io.hookline.delivery.DeliveryQueue;
import io.hookline.ops.DispatcherControl;
import io.hookline.ops.HooklineMetrics;
import io.hookline.retention.RetentionCutoff;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CliConnectorFactory;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import java.time.Clock;

/** Counts, metrics, health checks, the JMX dispatcher view, retention's cut-offs and the Camel CLI switch. */
public record OperationsBeans(HooklineMetrics metrics) {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsBeans.class);

    public static OperationsBeans wire(HooklineSettings settings, InfrastructureBeans infra, StoreBeans stores, Beans beans) {
        CamelContext camel = beans.camel();
        // The Camel CLI connector (camel get route, camel top) is off unless asked for: it gathers
        // every statistic each second, a quarter of a core under load in the benchmark.
        CliConnectorFactory cli = camel.getCamelContextExtension().getContextPlugin(CliConnectorFactory.class);
        if (cli != null) {
            cli.setEnabled(settings.ops().cliEnabled());
        }
        DeliveryCounts counts = beans.bind("deliveryCounts",
                new DeliveryCounts(stores.deliveries(), settings.ops().countRefresh()));
        // the registry camel-micrometer-prometheus serves at /q/metrics, bound under this name
        HooklineMetrics metrics = beans.bind("metrics", new HooklineMetrics(
                () -> camel.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class), counts));
        beans.bind("databaseHealthCheck", new DatabaseHealthCheck(infra.dataSource().getJdbcUrl(),
                infra.dataSource().getUsername(), infra.dataSource().getPassword(), infra.schemaVersion()));
        beans.bind("brokerHealthCheck", beans.closeAtStop(
                new BrokerHealthCheck(infra.activemq().getConfiguration().getConnectionFactory())));
        beans.bind("retentionCutoff", new RetentionCutoff(settings.retention().succeeded(),
                settings.retention().events(), Clock.systemUTC()));
        DeadDeliveries dead = new DeadDeliveries(stores.deliveries());
        // the JMX view lives exactly as long as the routes it pauses and resumes
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            private DispatcherControl dispatcher;

            @Override
            public void onContextStarted(CamelContext ctx) {
                metrics.registry(); // Hookline's gauges on the very first scrape
                dispatcher = new DispatcherControl(ctx, ctx.getRegistry().lookupByNameAndType("deliveryQueue", DeliveryQueue.class),
                        counts, metrics, dead);
                try {
                    dispatcher.register();
                } catch (JMException e) {
                    LOG.warn("Cannot register {}: {}", DispatcherControl.OBJECT_NAME, e.getMessage());
                }
            }

            @Override
            public void onContextStopping(CamelContext ctx) {
                if (dispatcher != null) {
                    dispatcher.unregister();
                }
            }
        });
        return new OperationsBeans(metrics);
    }
}
