package io.hookline.delivery;

import io.hookline.event.EventType;
import io.hookline.event.WebhookPayload;
import io.hookline.store.ConflictException;
import io.hookline.store.DeliveryStore;
import io.hookline.store.WebhookStore;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Creates a {@code webhook.test} event for one webhook and its one delivery, so a test goes
 * through the real delivery path (signing, attempts, retries) without reaching any other webhook.
 */
public class TestDeliveries {

    private final DeliveryStore deliveries;
    private final WebhookStore webhooks;
    private final WebhookPayload payload;

    public TestDeliveries(DeliveryStore deliveries, WebhookStore webhooks, WebhookPayload payload) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.payload = payload;
    }

    /** Returns the new delivery's id and dispatch_seq for direct:dispatch-delivery. */
    public Map<String, Object> create(String webhookId) throws SQLException {
        WebhookStore.State webhook = webhooks.state(webhookId);
        if (!webhook.enabled()) {
            throw new ConflictException("webhook " + webhookId
                    + " is disabled; enable it with PATCH {\"enabled\": true} to test it");
        }
        Instant now = Instant.now();
        String eventId = "evt_test_" + UUID.randomUUID().toString().replace("-", "");
        return deliveries.createTestDelivery(webhookId, webhook.listId(), eventId, EventType.TEST.wireName(), now,
                payload.renderTest(webhookId, webhook.listId(), now));
    }
}
