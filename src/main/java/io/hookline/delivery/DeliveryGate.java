package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lets an attempt through only while its webhook has room for one more in flight and its circuit
 * is closed; otherwise the delivery goes back on the schedule, so a dead or hanging endpoint
 * cannot take the threads that healthy endpoints need.
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
     * A refused permit names one instant for every delivery of its webhook: the end of the cool-down.
     * Deferred to that very instant, the backlog of a dead endpoint (thousands of deliveries) would
     * come back at once and crowd out healthy deliveries; spread over as long again as it waited, it
     * comes back at about the rate it was deferred.
     */
    static Instant spread(Instant retryAt, Instant now) {
        long waitMillis = Math.max(0, Duration.between(now, retryAt).toMillis());
        return retryAt.plusMillis(ThreadLocalRandom.current().nextLong(waitMillis + 1));
    }

    public void admit(Exchange exchange) throws SQLException {
        InFlightDelivery d = exchange.getProperty(WebhookRequest.DELIVERY, InFlightDelivery.class);
        CircuitBreakers.Permit permit = breakers.tryAcquire(d.webhookId());
        if (permit.granted()) {
            exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
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
