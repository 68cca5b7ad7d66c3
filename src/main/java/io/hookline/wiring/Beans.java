package io.hookline.wiring;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Hookline's beans: each built once, bound into Camel's registry under the name the routes use, and
 * what holds a resource closed in reverse order once Camel has stopped every route (or at once when
 * start-up fails half-way).
 */
public final class Beans {

    private static final Logger LOG = LoggerFactory.getLogger(Beans.class);

    private final CamelContext camel;
    private final List<AutoCloseable> closeAtStop = new ArrayList<>();

    public Beans(CamelContext camel) {
        this.camel = camel;
        // after routes, consumers and producers are all stopped: pools, broker, database
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext ctx) {
                closeAll();
            }
        });
    }

    public CamelContext camel() {
        return camel;
    }

    /** Binds a bean the routes refer to by name, and returns it. */
    public <T> T bind(String name, T bean) {
        camel.getRegistry().bind(name, bean);
        return bean;
    }

    /** Closed after Camel has stopped, after everything registered later. */
    public <T extends AutoCloseable> T closeAtStop(T resource) {
        closeAtStop.add(resource);
        return resource;
    }

    public void closeAll() {
        for (int i = closeAtStop.size() - 1; i >= 0; i--) {
            try {
                closeAtStop.get(i).close();
            } catch (Exception e) {
                LOG.warn("Error while stopping {}: {}", closeAtStop.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        closeAtStop.clear();
    }
}
