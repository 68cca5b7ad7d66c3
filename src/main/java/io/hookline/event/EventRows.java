package io.hookline.event;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The SQL parameters of an accepted event: its columns, the webhook body rendered once for all
 * its deliveries, and the lease of the deliveries about to be dispatched.
 */
public class EventRows {

    private final WebhookPayload payload;
    private final Duration lease;

    public EventRows(WebhookPayload payload, Duration lease) {
        this.payload = payload;
        this.lease = lease;
    }

    public Map<String, Object> toRow(ContactEvent event) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", event.id());
        row.put("type", event.type().wireName());
        row.put("listId", event.listId());
        row.put("occurredAt", Timestamp.from(event.occurredAt()));
        row.put("source", event.source());
        row.put("payload", payload.render(event));
        row.put("leaseUntil", Timestamp.from(Instant.now().plus(lease)));
        return row;
    }
}
