package io.hookline.delivery;

import io.hookline.store.ClaimedDelivery;
import io.hookline.store.DeliveryStore;
import io.hookline.store.FreshDelivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * Hands deliveries to the delivery threads through the {@link DeliveryQueue}: the fan-out's new
 * ones with what their first attempt needs (attempted without a claim, see {@link FreshDelivery}),
 * the retry scheduler's and the API's as an id and the dispatch seq that entitles them to a claim.
 *
 * <p>In memory, not through the broker: PostgreSQL holds every delivery and who holds it, so a
 * hand-off lost with the process is made due again at once by its restart, or by a surviving
 * instance once its heartbeat stops (see {@link io.hookline.instance.InstanceHeartbeat}); the
 * lease is the last line of defence. Work is shared between instances by the events they consume
 * and the due deliveries they reserve.
 *
 * <p>A delivery whose webhook's circuit is open is parked instead: put back on the schedule for a
 * cool-down in one statement with the others. Sent, it would only be deferred by the
 * {@link DeliveryGate}; parked, a dead endpoint's backlog costs next to nothing. Deliveries the
 * queue has no room for (every delivery thread busy for the whole wait) are parked for
 * {@link #NO_ROOM_RETRY}: the fan-out goes on, and the retry scheduler hands them over once there is room.
 */
public class DeliveryDispatcher {

    /** How long a delivery the delivery queue had no room for waits on the schedule. */
    public static final Duration NO_ROOM_RETRY = Duration.ofSeconds(1);

    /** Writes deferrals, e.g. {@link DeliveryStore#defer(List)}. */
    @FunctionalInterface
    public interface Parking {
        void park(List<DeliveryStore.Deferral> deferrals) throws Exception;
    }

    /** Hands deliveries over in order, e.g. {@link DeliveryQueue#offer}; answers how many it took (the first ones). */
    @FunctionalInterface
    public interface Handoff {
        int offer(List<DeliveryQueue.Item> items) throws InterruptedException;
    }

    private final Handoff queue;
    private final CircuitBreakers breakers;
    private final Parking parking;
    private final ObjIntConsumer<String> dispatched;
    private final ObjIntConsumer<String> parked;

    /**
     * {@code dispatched} and {@code parked} hear how many deliveries were handed over or parked, and
     * by whom (fanout, scheduler, api).
     */
    public DeliveryDispatcher(Handoff queue, CircuitBreakers breakers, Parking parking,
                              ObjIntConsumer<String> dispatched, ObjIntConsumer<String> parked) {
        this.queue = queue;
        this.breakers = breakers;
        this.parking = parking;
        this.dispatched = dispatched;
        this.parked = parked;
    }

    /**
     * Dispatches one delivery or a list of them: each a {@link FreshDelivery}, or a row with
     * {@code id}, {@code dispatch_seq} and, to be parked while its circuit is open, {@code webhook_id}.
     * The body stays as it was.
     */
    public void dispatch(Object deliveries, String by) throws Exception {
        List<?> all = deliveries instanceof List<?> list ? list : List.of(deliveries);
        List<DeliveryQueue.Item> toSend = new ArrayList<>(all.size());
        List<DeliveryStore.Deferral> toPark = new ArrayList<>();
        Instant now = Instant.now();
        for (Object delivery : all) {
            DeliveryQueue.Item item = item(delivery);
            Instant until = item.webhookId() == null ? null : breakers.refusing(item.webhookId());
            if (until == null) {
                toSend.add(item);
            } else {
                toPark.add(new DeliveryStore.Deferral(item.deliveryId(), DeliveryGate.spread(until, now)));
            }
        }
        int sent = queue.offer(toSend);
        if (sent > 0) {
            dispatched.accept(by, sent);
        }
        if (sent < toSend.size()) {
            Instant retryAt = Instant.now().plus(NO_ROOM_RETRY);
            for (DeliveryQueue.Item item : toSend.subList(sent, toSend.size())) {
                toPark.add(new DeliveryStore.Deferral(item.deliveryId(), DeliveryGate.spread(retryAt, now)));
            }
        }
        if (!toPark.isEmpty()) {
            parking.park(toPark);
            parked.accept(by, toPark.size());
        }
    }

    @SuppressWarnings("unchecked")
    private static DeliveryQueue.Item item(Object delivery) {
        if (delivery instanceof FreshDelivery fresh) {
            ClaimedDelivery c = fresh.claimed();
            return new DeliveryQueue.Item(c.id(), c.seq(), c.webhookId(), fresh);
        }
        Map<String, Object> row = (Map<String, Object>) delivery;
        return new DeliveryQueue.Item((String) row.get("id"), ((Number) row.get("dispatch_seq")).intValue(),
                (String) row.get("webhook_id"), null);
    }
}
