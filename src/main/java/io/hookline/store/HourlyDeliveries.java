package io.hookline.store;

import java.time.Instant;
import java.util.List;

/** A webhook's deliveries per hour of a window ending with the current hour, by their status now. */
public record HourlyDeliveries(String webhookId, int hours, List<Bucket> buckets) {

    /** The deliveries created in the hour starting at {@code hour}. */
    public record Bucket(Instant hour, long succeeded, long retrying, long dead, long pending, long skipped) {
    }
}
