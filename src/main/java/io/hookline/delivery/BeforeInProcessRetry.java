package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Before each in-process retry: record the failed attempt, then sign the next one afresh. */
public final class BeforeInProcessRetry implements Processor {

    private final DeliveryOutcomes outcomes;
    private final WebhookRequest request;

    public BeforeInProcessRetry(DeliveryOutcomes outcomes, WebhookRequest request) {
        this.outcomes = outcomes;
        this.request = request;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (outcomes.beforeRetry(exchange)) {
            request.sign(exchange);
        }
    }
}
