package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What follows an attempt: success recorded; a failure recorded and the next attempt scheduled,
 * or the delivery declared dead; a webhook that answers 410 or keeps failing disabled.
 */
public class DeliveryOutcomes {

    public static final String DEAD = "deliveryDead";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final DeliveryLedger ledger;
    private final RetrySchedule schedule;
    private final CircuitBreakers breakers;
    private final Duration disableAfter;
    private final Clock clock;
    private volatile DeliveryObserver observer = DeliveryObserver.NONE;

    public DeliveryOutcomes(DeliveryLedger ledger, RetrySchedule schedule, CircuitBreakers breakers,
                            Duration disableAfter, Clock clock) {
        this.ledger = ledger;
        this.schedule = schedule;
        this.breakers = breakers;
        this.disableAfter = disableAfter;
        this.clock = clock;
    }

    public void setObserver(DeliveryObserver observer) {
        this.observer = observer;
    }

    /** After a 2xx. */
    public void succeeded(Exchange exchange) throws Exception {
        InFlightDelivery d = delivery(exchange);
        Message m = exchange.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        AttemptResult result = new AttemptResult(d.attempt(), d.attemptStartedAt(), d.elapsedMillis(), status,
                readExcerpt(m.getBody()), null);
        ledger.succeeded(d, result);
        breakers.recordSuccess(d.webhookId());
        observer.attempted(d, status, result.durationMs());
        observer.succeeded(d);
        // DEBUG: a line per success costs CPU at thousands a second; the delivery log keeps each attempt
        log(d, () -> LOG.debug("Delivered {} to webhook {}: HTTP {} in {} ms, attempt {}",
                d.id(), d.webhookId(), status, result.durationMs(), d.attempt()));
    }

    /** Before an in-process retry: record the attempt that failed and sign the next one afresh. */
    public boolean beforeRetry(Exchange exchange) throws SQLException {
        InFlightDelivery d = delivery(exchange);
        Throwable cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        AttemptFailure f = AttemptFailure.of(cause);
        if (d == null || !d.attemptStarted() || !f.isAttempt()) {
            return false; // what is retried is Hookline's own step, not the HTTP call
        }
        AttemptResult result = result(d, f);
        ledger.attemptFailed(d, result);
        observer.attempted(d, f.statusCode(), result.durationMs());
        log(d, () -> LOG.info("Attempt {} of {} to webhook {} failed ({}); retrying now", d.attempt(), d.id(), d.webhookId(),
                ReceiverText.forLog(f.error())));
        return true;
    }

    /**
     * The dead letter channel: the attempt failed after its in-process retries. Sets the
     * {@link #DEAD} property, and a summary body for the dead queue when the delivery is dead.
     */
    public void failed(Exchange exchange) throws SQLException {
        InFlightDelivery d = delivery(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        AttemptFailure f = AttemptFailure.of(cause);
        exchange.setProperty(DEAD, false);
        if (d == null || !d.attemptStarted() || !f.isAttempt()) {
            // Hookline's own failure before or after the call: the lease brings the delivery back.
            // Without d (the claim failed) the MDC has what the claim learnt: at least the delivery id
            Object id = d == null ? exchange.getMessage().getHeader(DispatchHeaders.DELIVERY_ID) : d.id();
            if (d != null && d.attemptStarted()) {
                observer.unrecorded(d); // the receiver was sent it: counted, it will be sent again
            }
            Runnable line = () -> LOG.warn("Delivery {} not attempted or not recorded, it will be dispatched again "
                    + "when its lease ends: {}", ReceiverText.forLog(id), ReceiverText.forLog(f.error()));
            if (d == null) {
                line.run();
            } else {
                log(d, line);
            }
            return;
        }
        Instant now = clock.instant();
        breakers.recordFailure(d.webhookId());
        AttemptResult result = result(d, f);
        observer.attempted(d, f.statusCode(), result.durationMs());

        if (f.kind() == AttemptFailure.Kind.STATUS && f.statusCode() == 410) {
            ledger.disableWebhook(d.webhookId(), "the endpoint answered 410 Gone at " + now);
            writeFailure(d, result, null);
            observer.failed(d, true);
            markDead(exchange, d, f, "410 Gone: webhook disabled");
            return;
        }
        Optional<Duration> delay = schedule.delayAfter(d.scheduleStep());
        Instant next = null;
        if (delay.isPresent()) {
            Duration wait = delay.get();
            if (f.statusCode() != null && (f.statusCode() == 429 || f.statusCode() == 503)) {
                wait = schedule.honourRetryAfter(wait, f.retryAfter(), now);
            }
            next = now.plus(wait);
        }
        Instant failingSince = writeFailure(d, result, next);
        if (failingSince != null && Duration.between(failingSince, now).compareTo(disableAfter) > 0) {
            ledger.disableWebhook(d.webhookId(), "failing without a success since " + failingSince);
            log(d, () -> LOG.warn("Webhook {} disabled: failing since {}", d.webhookId(), failingSince));
        }
        if (next == null) {
            observer.failed(d, true);
            markDead(exchange, d, f, "retry schedule exhausted");
            return;
        }
        Instant nextAttempt = next;
        observer.failed(d, false);
        log(d, () -> LOG.info("Attempt {} of {} to webhook {} failed ({}); next attempt at {}",
                d.attempt(), d.id(), d.webhookId(), ReceiverText.forLog(f.error()), nextAttempt));
    }

    /** A failure that cannot be written is said and counted: the lease sends the delivery again. */
    private Instant writeFailure(InFlightDelivery d, AttemptResult result, Instant next) throws SQLException {
        try {
            return ledger.failed(d, result, next);
        } catch (SQLException e) {
            observer.unrecorded(d);
            log(d, () -> LOG.warn("Attempt {} of {} to webhook {} failed ({}) and could not be recorded, it will be "
                    + "dispatched again when its lease ends: {}", d.attempt(), d.id(), d.webhookId(),
                    ReceiverText.forLog(result.error()), ReceiverText.forLog(e.getMessage())));
            throw e;
        }
    }

    /**
     * The claimed delivery's stored secret cannot be decrypted with this instance's key (altered, or
     * written with another key): it cannot be signed, so it is not sent, and it does not wait for a
     * lease again and again either. Dead, with the reason as its last error, counted and copied to the
     * dead queue like any dead delivery; once the key is put right, a retry or recover sends it.
     */
    public void secretUnreadable(Exchange exchange) throws SQLException {
        InFlightDelivery d = delivery(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.setProperty(DEAD, false);
        if (d == null) {
            return;
        }
        String reason = "not attempted: " + (cause == null ? "the webhook's secret cannot be decrypted" : cause.getMessage());
        ledger.deadWithoutAttempt(d, reason);
        observer.failed(d, true);
        markDead(exchange, d, new AttemptFailure(AttemptFailure.Kind.INTERNAL, null, reason, null, null),
                "the webhook's secret cannot be decrypted with this instance's hookline.secrets.key");
    }

    private void markDead(Exchange exchange, InFlightDelivery d, AttemptFailure f, String why) {
        exchange.setProperty(DEAD, true);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("deliveryId", d.id());
        summary.put("webhookId", d.webhookId());
        summary.put("eventId", d.eventId());
        summary.put("eventType", d.eventType());
        summary.put("attempts", d.attempt());
        summary.put("lastStatusCode", f.statusCode());
        summary.put("lastError", ReceiverText.forStorage(f.error()));
        summary.put("reason", why);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(DispatchHeaders.DELIVERY_ID, d.id());
        m.setHeader("HooklineWebhookId", d.webhookId());
        m.setHeader("HooklineEventId", d.eventId());
        m.setBody(summary);
        log(d, () -> LOG.warn("Delivery {} to webhook {} is dead after {} attempts: {} ({})",
                d.id(), d.webhookId(), d.attempt(), why, ReceiverText.forLog(f.error())));
    }

    private static AttemptResult result(InFlightDelivery d, AttemptFailure f) {
        return new AttemptResult(d.attempt(), d.attemptStartedAt(), d.elapsedMillis(), f.statusCode(),
                AttemptResult.excerpt(f.responseBody()), f.error());
    }

    private static InFlightDelivery delivery(Exchange exchange) {
        return exchange.getProperty(WebhookRequest.DELIVERY, InFlightDelivery.class);
    }

    /** Reads at most the excerpt's length of a response, however large it is. */
    static String readExcerpt(Object body) {
        if (body == null) {
            return null;
        }
        try {
            if (body instanceof InputStream in) {
                byte[] bytes = in.readNBytes(AttemptResult.EXCERPT_CHARS * 4);
                return AttemptResult.excerpt(new String(bytes, StandardCharsets.UTF_8));
            }
            if (body instanceof Reader r) {
                char[] buf = new char[AttemptResult.EXCERPT_CHARS];
                int n = r.read(buf);
                return n <= 0 ? "" : new String(buf, 0, n);
            }
            if (body instanceof byte[] bytes) {
                return AttemptResult.excerpt(new String(bytes, 0, Math.min(bytes.length, AttemptResult.EXCERPT_CHARS * 4), StandardCharsets.UTF_8));
            }
            return AttemptResult.excerpt(body.toString());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Log lines of a delivery carry its ids for log shippers. The claim put them in the MDC for the
     * whole exchange (removed when it completes); set again here, not removed, so a line after this
     * one keeps them too.
     */
    private static void log(InFlightDelivery d, Runnable line) {
        DeliveryMdc.claimed(d);
        line.run();
    }
}
