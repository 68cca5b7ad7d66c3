package io.hookline.delivery;

import io.hookline.store.DeliveryStore;
import org.apache.camel.Exchange;

import java.util.function.ObjIntConsumer;

/**
 * The retry scheduler's step: a batch of due deliveries reserved for this instance, in the body as
 * rows to dispatch. Those of webhooks whose circuit is open are parked again in the same statement
 * (see {@link DeliveryStore#claimDue}), counted as parked by the scheduler.
 */
public class DueDeliveries {

    private final DeliveryStore store;
    private final CircuitBreakers breakers;
    private final int batch;
    private final ObjIntConsumer<String> parked;

    public DueDeliveries(DeliveryStore store, CircuitBreakers breakers, int batch, ObjIntConsumer<String> parked) {
        this.store = store;
        this.breakers = breakers;
        this.batch = batch;
        this.parked = parked;
    }

    public void claim(Exchange exchange) throws Exception {
        DeliveryStore.Due due = store.claimDue(batch, breakers.refusingNow());
        if (due.parked() > 0) {
            parked.accept("scheduler", due.parked());
        }
        exchange.getMessage().setBody(due.toDispatch());
    }
}
