package io.hookline.delivery;

import io.hookline.store.FreshDelivery;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.seda.SedaEndpoint;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The in-process queue of the delivery route: the {@code seda:} endpoint its {@code from} names,
 * with the size, the consumers and the wait for room written there. Each delivery becomes an
 * exchange of that endpoint, put straight on its queue: no producer, no copy.
 */
public class DeliveryQueue {

    /** One delivery to hand over; {@code fresh} when it needs no claim. */
    public record Item(String deliveryId, int seq, String webhookId, FreshDelivery fresh) {
    }

    private final CamelContext camel;
    private final String routeId;
    private final Duration waitForRoom;
    private volatile SedaEndpoint endpoint;

    public DeliveryQueue(CamelContext camel, String routeId, Duration waitForRoom) {
        this.camel = camel;
        this.routeId = routeId;
        this.waitForRoom = waitForRoom;
    }

    /**
     * Puts the items on the queue in order, waiting for room up to the wait in all; answers how many
     * went on (the first ones): the others are the caller's to bring back later.
     */
    public int offer(List<Item> items) throws InterruptedException {
        if (items.isEmpty()) {
            return 0;
        }
        SedaEndpoint target = endpoint();
        BlockingQueue<Exchange> queue = target.getQueue();
        long deadline = System.nanoTime() + waitForRoom.toNanos();
        int sent = 0;
        for (Item item : items) {
            Exchange exchange = exchange(target, item);
            if (!queue.offer(exchange) && !queue.offer(exchange, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return sent;
            }
            sent++;
        }
        return sent;
    }

    /** Puts one item on the queue if there is room now; answers whether it went on. */
    public boolean offerNow(Item item) {
        return endpoint().getQueue().offer(exchange(endpoint(), item));
    }

    /** How many deliveries wait for a delivery thread. */
    public int size() {
        SedaEndpoint e = endpoint;
        return e == null ? 0 : e.getQueue().size();
    }

    private static Exchange exchange(SedaEndpoint target, Item item) {
        Exchange exchange = target.createExchange();
        Message m = exchange.getMessage();
        m.setHeader(DispatchHeaders.DELIVERY_ID, item.deliveryId());
        m.setHeader(DispatchHeaders.DISPATCH_SEQ, item.seq());
        m.setBody(item.fresh());
        return exchange;
    }

    private SedaEndpoint endpoint() {
        SedaEndpoint e = endpoint;
        if (e == null) {
            Route route = camel.getRoute(routeId);
            Endpoint from = route == null ? null : route.getEndpoint();
            if (!(from instanceof SedaEndpoint seda)) {
                throw new IllegalStateException("the route " + routeId + " must consume from a seda: endpoint, its "
                        + "in-process queue of deliveries (routes/delivery.camel.yaml); it "
                        + (route == null ? "does not exist" : "consumes from " + from.getEndpointUri()));
            }
            endpoint = e = seda;
        }
        return e;
    }
}
