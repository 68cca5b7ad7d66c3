package io.hookline.delivery;

import io.hookline.RouteProperties;
import io.hookline.event.FormPayload;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Set;

/**
 * Builds the HTTP request of one attempt: the body, the Standard Webhooks headers and the target
 * URL, and nothing else, so no broker or Camel header ever reaches a receiver.
 */
public class OutgoingRequest {

    /** The body as sent, which the signature covers: the stored JSON, or its form rendering. */
    public static final String BODY = "webhookBody";

    private static final Set<String> KEPT = Set.of(Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERY_MAX_COUNTER, Exchange.REDELIVERED);

    private final WebhookSigner signer;
    private final String userAgent;
    private final FormPayload formPayload;

    public OutgoingRequest(WebhookSigner signer, String userAgent, FormPayload formPayload) {
        this.signer = signer;
        this.userAgent = userAgent;
        this.formPayload = formPayload;
    }

    public void prepare(Exchange exchange) {
        InFlightDelivery d = exchange.getProperty(RouteProperties.DELIVERY, InFlightDelivery.class);
        Message m = exchange.getMessage();
        // not the redelivery counter: the in-process retry decision reads it, and without it a failure here retried forever.
        // By name, not removeHeaders("*", ...): that compiles its patterns on every call
        m.getHeaders().keySet().removeIf(name -> !KEPT.contains(name));
        boolean form = "form".equals(d.format());
        String body = form ? formPayload.render(d.payload()) : d.payload();
        exchange.setProperty(BODY, body);
        m.setBody(body);
        m.setHeader(Exchange.HTTP_URI, d.url());
        m.setHeader(Exchange.CONTENT_TYPE, form ? FormPayload.CONTENT_TYPE : "application/json");
        m.setHeader("User-Agent", userAgent);
        sign(exchange);
    }

    /** Every attempt, in-process retries included, carries its own timestamp and signature. */
    public void sign(Exchange exchange) {
        InFlightDelivery d = exchange.getProperty(RouteProperties.DELIVERY, InFlightDelivery.class);
        Message m = exchange.getMessage();
        d.beginAttempt();
        long timestamp = d.attemptStartedAt().getEpochSecond();
        m.setHeader("webhook-id", d.id());
        m.setHeader("webhook-timestamp", Long.toString(timestamp));
        m.setHeader("webhook-signature", signer.sign(d.id(), timestamp, exchange.getProperty(BODY, String.class), d.secrets()));
    }
}
