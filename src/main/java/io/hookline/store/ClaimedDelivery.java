package io.hookline.store;

import java.time.Instant;
import java.util.List;

/**
 * A delivery a queue message has claimed, with what its attempt needs: the webhook's URL and
 * stored (encrypted) secrets, the current first, and the event's rendered payload. A non-null
 * {@code skipReason} says its webhook is disabled or deleted. {@code seq} is the dispatch_seq the
 * claim set (its outcomes are written only while it is still the delivery's), {@code holder} the
 * instance identity that claimed it.
 */
public record ClaimedDelivery(String id, String webhookId, String eventId, String eventType, String listId,
                              String url, List<String> storedSecrets, String format, String payload,
                              Instant occurredAt, int attemptCount, int scheduleStep, Instant failingSince,
                              String skipReason, int seq, String holder) {
}
