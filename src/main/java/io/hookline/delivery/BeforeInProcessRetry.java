package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Before each in-process retry: record the failed attempt, then, unless another instance has taken
 * the delivery over meanwhile (Camel skips the retry of an exchange marked to stop), sign the next
 * one afresh.
 */
public final class BeforeInProcessRetry implements Processor {

    private final DeliveryOutcomes outcomes;
    private final OutgoingRequest request;
    private final ClaimFence fence;

    public BeforeInProcessRetry(DeliveryOutcomes outcomes, OutgoingRequest request, ClaimFence fence) {
        this.outcomes = outcomes;
        this.request = request;
        this.fence = fence;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        boolean attempted = outcomes.beforeRetry(exchange);
        fence.handBackIfLost(exchange);
        if (exchange.isRouteStop()) {
            return;
        }
        if (attempted) {
            request.sign(exchange);
        }
    }
}
