package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lets an attempt through only while its webhook has room for one more in flight (fewer for a slow
 * one, within the share all slow ones have) and its circuit is closed; otherwise the delivery goes
 * back on the schedule, so a dead, hanging or slow endpoint cannot take the threads that healthy
 * endpoints need.
 */
public class DeliveryGate {

    public static final String ADMITTED = "admitted";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGate.class);

    private final CircuitBreakers breakers;
    private final DeliveryLedger ledger;

    public DeliveryGate(CircuitBreakers breakers, DeliveryLedger ledger) {
        this.breakers = breakers;
        this.ledger = ledger;
    }

    /**
     * Adds up to half the wait again: deliveries refused in the same moment (a burst of one event's
     * fan-out, a batch of the scheduler) must not all come back in the same moment either.
     */
    static Instant spread(Instant retryAt, Instant now) {
        long waitMillis = Math.max(0, Duration.between(now, retryAt).toMillis());
        return retryAt.plusMillis(ThreadLocalRandom.current().nextLong(waitMillis / 2 + 1));
    }

    public void admit(Exchange exchange) throws Exception {
        InFlightDelivery d = exchange.getProperty(WebhookRequest.DELIVERY, InFlightDelivery.class);
        CircuitBreakers.Permit permit = breakers.tryAcquire(d.webhookId());
        if (permit.granted()) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    permit.release();
                }
            });
            exchange.setProperty(ADMITTED, true);
        } else {
            Instant until = spread(permit.retryAt(), Instant.now());
            ledger.defer(d.id(), until);
            LOG.debug("Deferred {} until {}: endpoint busy or cooling down", d, until);
            exchange.setProperty(ADMITTED, false);
        }
    }
}
