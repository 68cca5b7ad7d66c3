package io.hookline.delivery;

import org.apache.camel.ExchangeProperty;

import java.util.function.Predicate;

/**
 * The last check before a request goes on the wire: is the delivery still this instance's? Not when
 * the identity that claimed it has been declared dead since (the JVM was paused, or cut off from
 * the database, past its heartbeat): another instance has taken the delivery over, and the
 * dispatch_seq fence would refuse this one's outcome anyway.
 */
public class ClaimFence {

    private final Predicate<String> holds;

    /** {@code holds}: whether work claimed under an instance identity is still this instance's to do. */
    public ClaimFence(Predicate<String> holds) {
        this.holds = holds;
    }

    public boolean lost(@ExchangeProperty(WebhookRequest.DELIVERY) InFlightDelivery d) {
        return d != null && !holds.test(d.holder());
    }
}
