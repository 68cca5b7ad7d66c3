package io.hookline.delivery;

import io.hookline.RouteProperties;
import io.hookline.store.DeliveryStore;
import io.hookline.store.FreshDelivery;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Lets an attempt through only while its webhook has room for one more in flight (fewer for a slow
 * one, within the share all slow ones have) and its circuit is closed. Otherwise the delivery waits:
 * that of a healthy webhook whose slots are all in use in memory, behind that webhook's attempts
 * ({@link WaitingLines}), any other back on the schedule. So a dead, hanging or slow endpoint cannot
 * take the threads that healthy endpoints need, and a burst for one endpoint goes at its pace.
 */
public class DeliveryGate {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGate.class);

    private final CircuitBreakers breakers;
    private final DeliveryStore store;
    private final WaitingLines waiting;
    private final Predicate<DeliveryQueue.Item> handBack;

    /** {@code handBack}: puts a delivery that waited back on the delivery queue if there is room now. */
    public DeliveryGate(CircuitBreakers breakers, DeliveryStore store, WaitingLines waiting,
                        Predicate<DeliveryQueue.Item> handBack) {
        this.breakers = breakers;
        this.store = store;
        this.waiting = waiting;
        this.handBack = handBack;
    }

    /**
     * Adds up to half the wait again: deliveries refused in the same moment (a burst of one event's
     * fan-out, a batch of the scheduler) must not all come back in the same moment either.
     */
    static Instant spread(Instant retryAt, Instant now) {
        long waitMillis = Math.max(0, Duration.between(now, retryAt).toMillis());
        return retryAt.plusMillis(ThreadLocalRandom.current().nextLong(waitMillis / 2 + 1));
    }

    public void admit(Exchange exchange) throws Exception {
        InFlightDelivery d = exchange.getProperty(RouteProperties.DELIVERY, InFlightDelivery.class);
        CircuitBreakers.Permit[] answer = {breakers.tryAcquire(d.webhookId())};
        boolean waits = false;
        if (answer[0].busy()) {
            // asked again with the line locked, so that an attempt ending meanwhile cannot miss it. It
            // comes back as it was handed over: a fresh delivery still without a claim, any other to be claimed again
            DeliveryQueue.Item item = new DeliveryQueue.Item(d.id(), d.seq(), d.webhookId(),
                    exchange.getProperty(RouteProperties.FRESH_DELIVERY, FreshDelivery.class));
            waits = waiting.waitIf(d.webhookId(), item, () -> {
                answer[0] = breakers.tryAcquire(d.webhookId());
                return answer[0].busy();
            });
        }
        CircuitBreakers.Permit permit = answer[0];
        if (permit.granted()) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    permit.release();
                    handBackNext(d.webhookId());
                }
            });
            exchange.setProperty(RouteProperties.ADMITTED, true);
            return;
        }
        exchange.setProperty(RouteProperties.ADMITTED, false);
        if (waits) {
            LOG.debug("{} waits for a slot of its webhook", d);
            return;
        }
        Instant until = spread(permit.retryAt(), Instant.now());
        store.defer(d.id(), until);
        LOG.debug("Deferred {} until {}: endpoint slow or cooling down", d, until);
        // no attempt will end to hand back those waiting behind it: they come to the gate now, and go
        // on the schedule too while this lasts (a circuit that opened, a webhook that turned slow)
        handBackNext(d.webhookId());
    }

    /** An attempt of the webhook ended: the next delivery waiting for it goes back on the delivery queue. */
    private void handBackNext(String webhookId) {
        DeliveryQueue.Item next = waiting.next(webhookId);
        if (next == null || handBack.test(next)) {
            return;
        }
        try {
            // a delivery that waited but finds the delivery queue full comes back from the schedule
            store.defer(next.deliveryId(), spread(Instant.now().plus(DeliveryDispatcher.NO_ROOM_RETRY), Instant.now()));
        } catch (Exception e) {
            // still held by this instance: its lease brings it back
            LOG.warn("Delivery {} waited for its webhook and could not be put back on the schedule; it will be "
                    + "dispatched again when its lease ends: {}", next.deliveryId(), e.getMessage());
        }
    }
}
