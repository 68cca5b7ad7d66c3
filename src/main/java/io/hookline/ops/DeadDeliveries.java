package io.hookline.ops;

import io.hookline.store.DeliveryStore;

import java.sql.SQLException;

/**
 * Gives a webhook's dead deliveries a new life through the store's one revive transition: back to
 * 'retrying' at the start of the schedule, due now, so the retry scheduler sends them on its next
 * round. Like every revival, only while the webhook is enabled.
 */
public class DeadDeliveries {

    private final DeliveryStore deliveries;

    public DeadDeliveries(DeliveryStore deliveries) {
        this.deliveries = deliveries;
    }

    /** Returns how many deliveries were put back on the schedule (none of a disabled or deleted webhook). */
    public int retry(String webhookId) throws SQLException {
        return deliveries.reviveDead(webhookId);
    }
}
