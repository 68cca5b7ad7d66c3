package io.hookline.delivery;

import io.hookline.store.FreshDelivery;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.seda.SedaEndpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The in-process queue of the delivery route: the {@code seda:} endpoint its {@code from} names,
 * with the size and the consumers written there. Each delivery becomes an exchange of that
 * endpoint, put straight on its queue: no producer, no copy.
 * <p>
 * Pausing (JMX) holds what is handed over here, and what was queued and not yet taken, until delivery
 * resumes: the route keeps running, only attempts under way go on. Not a suspended route: a
 * suspended seda consumer goes on taking exchanges, and a stopped one drops its queue (it is purged
 * when stopping, so that a shutdown waits for the attempts under way, not for a backlog that
 * PostgreSQL holds anyway).
 */
public class DeliveryQueue {

    /** One delivery to hand over; {@code fresh} when it needs no claim. */
    public record Item(String deliveryId, int seq, String webhookId, FreshDelivery fresh) {
    }

    private final CamelContext camel;
    private final String routeId;
    private final Duration waitForRoom;
    private final int maxHeld;
    private final Consumer<List<Item>> noRoom;
    private volatile SedaEndpoint endpoint;
    // offers share the read lock; pausing and resuming take the write lock
    private final ReadWriteLock pauseLock = new ReentrantReadWriteLock();
    private List<Item> held; // while paused

    /**
     * {@code maxHeld}: deliveries held while paused (beyond them the fan-out leaves the rest on the
     * schedule); {@code noRoom}: puts back on the schedule what finds no room when delivery resumes.
     */
    public DeliveryQueue(CamelContext camel, String routeId, Duration waitForRoom, int maxHeld,
                         Consumer<List<Item>> noRoom) {
        this.camel = camel;
        this.routeId = routeId;
        this.waitForRoom = waitForRoom;
        this.maxHeld = maxHeld;
        this.noRoom = noRoom;
    }

    /** Holds every delivery handed over from now on, and those queued and not yet taken, until {@link #resume}. */
    public void pause() {
        pauseLock.writeLock().lock();
        try {
            if (held != null) {
                return;
            }
            held = new ArrayList<>();
            List<Exchange> queued = new ArrayList<>();
            if (camel.getRoute(routeId) != null) { // none when the start failed before the routes
                endpoint().getQueue().drainTo(queued);
            }
            for (Exchange e : queued) {
                Message m = e.getMessage();
                held.add(new Item(m.getHeader(DispatchHeaders.DELIVERY_ID, String.class),
                        m.getHeader(DispatchHeaders.DISPATCH_SEQ, Integer.class), null, m.getBody(FreshDelivery.class)));
            }
        } finally {
            pauseLock.writeLock().unlock();
        }
    }

    /** Hands over what was held while paused. */
    public void resume() throws InterruptedException {
        List<Item> release;
        pauseLock.writeLock().lock();
        try {
            release = held;
            held = null;
        } finally {
            pauseLock.writeLock().unlock();
        }
        if (release != null) {
            int sent = offer(release);
            if (sent < release.size()) {
                noRoom.accept(release.subList(sent, release.size()));
            }
        }
    }

    public boolean paused() {
        pauseLock.readLock().lock();
        try {
            return held != null;
        } finally {
            pauseLock.readLock().unlock();
        }
    }

    /**
     * Puts the items on the queue in order, waiting for room up to the wait in all; answers how many
     * went on (the first ones): the others are the caller's to bring back later.
     */
    public int offer(List<Item> items) throws InterruptedException {
        if (items.isEmpty()) {
            return 0;
        }
        pauseLock.readLock().lock();
        try {
            if (held != null) {
                return hold(items);
            }
            SedaEndpoint target = endpoint();
            BlockingQueue<Exchange> queue = target.getQueue();
            long deadline = System.nanoTime() + waitForRoom.toNanos();
            int sent = 0;
            for (Item item : items) {
                Exchange exchange = exchange(target, item);
                if (!queue.offer(exchange)
                        && !queue.offer(exchange, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return sent;
                }
                sent++;
            }
            return sent;
        } finally {
            pauseLock.readLock().unlock();
        }
    }

    /** Puts one item on the queue if there is room now; answers whether it went on. */
    public boolean offerNow(Item item) {
        pauseLock.readLock().lock();
        try {
            if (held != null) {
                return hold(List.of(item)) == 1;
            }
            return endpoint().getQueue().offer(exchange(endpoint(), item));
        } finally {
            pauseLock.readLock().unlock();
        }
    }

    /** While paused, under the read lock: offers run at once, so the list is guarded by itself. */
    private int hold(List<Item> items) {
        synchronized (held) {
            int n = Math.max(0, Math.min(items.size(), maxHeld - held.size()));
            held.addAll(items.subList(0, n));
            return n;
        }
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
