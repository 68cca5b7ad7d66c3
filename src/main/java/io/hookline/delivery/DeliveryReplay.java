package io.hookline.delivery;

import io.hookline.store.ConflictException;
import io.hookline.store.DeliveryStore;
import io.hookline.store.NotFoundException;
import io.hookline.store.WebhookStore;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts finished or waiting deliveries back in line: one now, or every failed one of a webhook
 * since a time, through the store's one revive transition (which needs the webhook enabled).
 * The delivery keeps its id (the receiver's idempotency key) and its attempts; a dead or skipped
 * one starts the retry schedule afresh.
 */
public class DeliveryReplay {

    private final DeliveryStore deliveries;
    private final WebhookStore webhooks;

    public DeliveryReplay(DeliveryStore deliveries, WebhookStore webhooks) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
    }

    /**
     * Makes one delivery due again, reserved for one lease and handed to the caller to dispatch at
     * once (if that message is lost the retry scheduler sends it when the lease ends); returns its
     * id and dispatch_seq for direct:dispatch-delivery.
     */
    public Map<String, Object> retry(String deliveryId) throws SQLException {
        var revived = deliveries.reviveOne(deliveryId);
        if (revived.isPresent()) {
            return revived.get();
        }
        DeliveryStore.WebhookOfDelivery of = deliveries.webhookOf(deliveryId)
                .orElseThrow(() -> new NotFoundException("delivery", deliveryId));
        throw of.deleted()
                ? new ConflictException("webhook " + of.webhookId() + " of this delivery was deleted")
                : disabled(of.webhookId());
    }

    /** Re-queues every retrying, dead or skipped delivery of a webhook created since a time; answers how many. */
    public Map<String, Object> recover(String webhookId, Instant since) throws SQLException {
        if (!webhooks.state(webhookId).enabled()) {
            throw disabled(webhookId);
        }
        int n = deliveries.reviveFailedSince(webhookId, since);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("webhookId", webhookId);
        answer.put("since", since.toString());
        answer.put("requeued", n);
        return answer;
    }

    private static ConflictException disabled(String webhookId) {
        return new ConflictException("webhook " + webhookId + " is disabled; enable it with PATCH {\"enabled\": true} first");
    }
}
