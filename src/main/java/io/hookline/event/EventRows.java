package io.hookline.event;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;

/**
 * An accepted event as the stores take it: its columns, and the webhook body rendered once for
 * all its deliveries.
 */
public class EventRows {

    private final WebhookPayload payload;

    public EventRows(WebhookPayload payload) {
        this.payload = payload;
    }

    public Map<String, Object> toRow(ContactEvent event) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", event.id());
        row.put("type", event.type().wireName());
        row.put("listId", event.listId());
        row.put("occurredAt", Timestamp.from(event.occurredAt()));
        row.put("source", event.source());
        row.put("payload", payload.render(event));
        return row;
    }
}
