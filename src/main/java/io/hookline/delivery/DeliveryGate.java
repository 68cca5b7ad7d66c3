package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

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
            ledger.defer(d.id(), permit.retryAt());
            LOG.debug("Deferred {} until {}: endpoint busy or cooling down", d, permit.retryAt());
            exchange.setProperty(ADMITTED, false);
        }
    }
}
