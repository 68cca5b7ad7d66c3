package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Builds the HTTP request of one attempt: the body, the Standard Webhooks headers and the target
 * URL, and nothing else, so no broker or Camel header ever reaches a receiver.
 */
public class WebhookRequest {

    public static final String DELIVERY = "delivery";

    private final WebhookSigner signer;
    private final String userAgent;

    public WebhookRequest(WebhookSigner signer, String userAgent) {
        this.signer = signer;
        this.userAgent = userAgent;
    }

    public void prepare(Exchange exchange) {
        InFlightDelivery d = exchange.getProperty(DELIVERY, InFlightDelivery.class);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setBody(d.payload());
        m.setHeader(Exchange.HTTP_URI, d.url());
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setHeader("User-Agent", userAgent);
        sign(exchange);
    }

    /** Every attempt, in-process retries included, carries its own timestamp and signature. */
    public void sign(Exchange exchange) {
        InFlightDelivery d = exchange.getProperty(DELIVERY, InFlightDelivery.class);
        Message m = exchange.getMessage();
        d.beginAttempt();
        long timestamp = d.attemptStartedAt().getEpochSecond();
        m.setHeader("webhook-id", d.id());
        m.setHeader("webhook-timestamp", Long.toString(timestamp));
        m.setHeader("webhook-signature", signer.sign(d.id(), timestamp, d.payload(), d.secrets()));
    }
}
