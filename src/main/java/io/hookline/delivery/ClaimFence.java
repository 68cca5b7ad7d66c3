package io.hookline.delivery;

import io.hookline.RouteProperties;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * The last check before a request goes on the wire, the first attempt's and every in-process
 * retry's: is the delivery still this instance's? Not when the identity that claimed it has been
 * declared dead since (the JVM was paused, or cut off from the database, past its heartbeat):
 * another instance has taken the delivery over, and the dispatch_seq fence would refuse this one's
 * outcome anyway. A lost delivery is handed back and the exchange stops, without a request.
 * <p>
 * A step of the route and a call from {@link BeforeInProcessRetry}, not an interceptSendToEndpoint
 * on the webhook endpoint: Camel decorates an endpoint for one interceptor only, and that one
 * belongs to integration teams (the {@code delivery-extension*} route configurations).
 */
public class ClaimFence {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimFence.class);

    private final Predicate<String> holds;
    private final DeliveryClaims claims;

    /** {@code holds}: whether work claimed under an instance identity is still this instance's to do. */
    public ClaimFence(Predicate<String> holds, DeliveryClaims claims) {
        this.holds = holds;
        this.claims = claims;
    }

    public boolean lost(InFlightDelivery d) {
        return d != null && !holds.test(d.holder());
    }

    /** Hands the exchange's delivery back and marks the exchange to stop when it is lost (void: the body stays the request's). */
    public void handBackIfLost(Exchange exchange) throws SQLException {
        InFlightDelivery d = exchange.getProperty(RouteProperties.DELIVERY, InFlightDelivery.class);
        if (!lost(d)) {
            return;
        }
        claims.release(d);
        LOG.warn("Delivery {} not sent: this instance was declared dead since it claimed it, and another has taken it over",
                d.id());
        exchange.setRouteStop(true);
    }
}
