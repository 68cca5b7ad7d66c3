package io.hookline.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A delivery claimed by this dispatcher for one attempt (and its short in-process retries):
 * what to send where, and the attempt under way.
 */
public final class InFlightDelivery {

    private final String id;
    private final String webhookId;
    private final String eventId;
    private final String eventType;
    private final String listId;
    private final String url;
    private final List<String> secrets;
    private final String format;
    private final String payload;
    private final Instant occurredAt;
    private final int scheduleStep;
    private final Instant failingSince;
    private final String skipReason;
    private final int seq;
    private final String holder;
    private int attempt;
    private Instant attemptStartedAt;
    private long attemptStartNanos;

    public InFlightDelivery(String id, String webhookId, String eventId, String eventType, String listId,
                            String url, List<String> secrets, String format, String payload, Instant occurredAt,
                            int attemptsSoFar, int scheduleStep, Instant failingSince, String skipReason,
                            int seq, String holder) {
        this.id = id;
        this.webhookId = webhookId;
        this.eventId = eventId;
        this.eventType = eventType;
        this.listId = listId;
        this.url = url;
        this.secrets = List.copyOf(secrets);
        this.format = format;
        this.payload = payload;
        this.occurredAt = occurredAt;
        this.attempt = attemptsSoFar;
        this.scheduleStep = scheduleStep;
        this.failingSince = failingSince;
        this.skipReason = skipReason;
        this.seq = seq;
        this.holder = holder;
    }

    /** The same delivery with other secrets (the decrypted ones). */
    public InFlightDelivery withSecrets(List<String> decrypted) {
        return new InFlightDelivery(id, webhookId, eventId, eventType, listId, url, decrypted, format, payload,
                occurredAt, attempt, scheduleStep, failingSince, skipReason, seq, holder);
    }

    /** Starts the next attempt; returns its number (1-based, counted over the delivery's life). */
    public int beginAttempt() {
        attempt++;
        attemptStartedAt = Instant.now();
        attemptStartNanos = System.nanoTime();
        return attempt;
    }

    public int elapsedMillis() {
        return (int) ((System.nanoTime() - attemptStartNanos) / 1_000_000L);
    }

    public boolean attemptStarted() {
        return attemptStartedAt != null;
    }

    public String id() { return id; }
    public String webhookId() { return webhookId; }
    public String eventId() { return eventId; }
    public String eventType() { return eventType; }
    public String listId() { return listId; }
    public String url() { return url; }
    public List<String> secrets() { return secrets; }
    public String format() { return format; }
    public String payload() { return payload; }
    public Instant occurredAt() { return occurredAt; }
    public int attempt() { return attempt; }
    public int scheduleStep() { return scheduleStep; }
    public Instant failingSince() { return failingSince; }
    public Instant attemptStartedAt() { return attemptStartedAt; }
    public String skipReason() { return skipReason; }
    /** The dispatch_seq the claim set: outcomes are written only while it is still the delivery's. */
    public int seq() { return seq; }
    /** The identity of this instance that claimed it. */
    public String holder() { return holder; }

    static List<String> secretsOf(String current, String previous) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(current);
        if (previous != null) {
            secrets.add(previous);
        }
        return secrets;
    }

    @Override
    public String toString() {
        // never print secrets or payloads
        return "delivery " + id + " (webhook " + webhookId + ", event " + eventId + ", attempt " + attempt + ")";
    }
}
