package io.hookline.delivery;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Deliveries of a healthy webhook that found all its slots taken, waiting in memory for one of
 * them: each attempt of that webhook that ends hands the next one back to the delivery queue. A
 * burst for one endpoint (a restart's backlog, a big fan-out) then goes at the endpoint's own pace,
 * instead of coming back from PostgreSQL a second later again and again. Bounded per webhook and in
 * all; beyond that a delivery goes back on the schedule as before. What waits here is held by this
 * instance in PostgreSQL, so a crash loses none of it.
 */
public final class WaitingLines {

    private final int perWebhook;
    private final int inAll;
    private final Map<String, ArrayDeque<DeliveryQueue.Item>> lines = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    public WaitingLines(int perWebhook, int inAll) {
        this.perWebhook = perWebhook;
        this.inAll = inAll;
    }

    /**
     * Queues the item behind its webhook's attempts when {@code mustWait} says so (asked atomically
     * with the queueing, so that an attempt ending meanwhile cannot miss it) and there is room;
     * answers whether it was queued.
     */
    public boolean waitIf(String webhookId, DeliveryQueue.Item item, BooleanSupplier mustWait) {
        boolean[] queued = {false};
        lines.compute(webhookId, (id, line) -> {
            if (!mustWait.getAsBoolean() || (line != null && line.size() >= perWebhook)) {
                return line;
            }
            if (waiting.incrementAndGet() > inAll) {
                waiting.decrementAndGet();
                return line;
            }
            ArrayDeque<DeliveryQueue.Item> l = line == null ? new ArrayDeque<>() : line;
            l.addLast(item);
            queued[0] = true;
            return l;
        });
        return queued[0];
    }

    /** The next delivery waiting for this webhook, or null. */
    public DeliveryQueue.Item next(String webhookId) {
        DeliveryQueue.Item[] next = {null};
        lines.computeIfPresent(webhookId, (id, line) -> {
            next[0] = line.pollFirst();
            return line.isEmpty() ? null : line;
        });
        if (next[0] != null) {
            waiting.decrementAndGet();
        }
        return next[0];
    }

    /** Deliveries waiting in all. */
    public int size() {
        return waiting.get();
    }
}
