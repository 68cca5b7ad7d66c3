package io.hookline.delivery;

import io.hookline.store.DeliveryStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's choice between handing over and parking. */
class DeliveryDispatcherTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(30);

    private final List<String> handedOver = new ArrayList<>();
    // takes all but what is over its room
    private int room = Integer.MAX_VALUE;
    private final DeliveryDispatcher.Handoff queue = items -> {
        int n = Math.min(room, items.size());
        items.subList(0, n).forEach(i -> handedOver.add(i.deliveryId()));
        room -= n;
        return n;
    };
    private final CircuitBreakers breakers = new CircuitBreakers(8, 3, COOL_DOWN, Clock.systemUTC());
    private final List<DeliveryStore.Deferral> parked = new ArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final DeliveryDispatcher dispatcher = new DeliveryDispatcher(queue, breakers, parked::addAll,
            (by, n) -> counts.merge("dispatched " + by, n, Integer::sum),
            (by, n) -> counts.merge("parked " + by, n, Integer::sum));

    private static Map<String, Object> row(String id, String webhookId) {
        return webhookId == null ? Map.of("id", id, "dispatch_seq", 0) : Map.of("id", id, "dispatch_seq", 0, "webhook_id", webhookId);
    }

    private List<String> queued() {
        return handedOver;
    }

    @Test
    void deliveriesOfAWebhookWhoseCircuitIsOpenAreParkedForACoolDownAndTheOthersSent() throws Exception {
        for (int i = 0; i < 3; i++) {
            breakers.recordFailure("wh_dead");
        }
        Instant before = Instant.now();

        dispatcher.dispatch(List.of(row("d1", "wh_ok"), row("d2", "wh_dead"), row("d3", "wh_ok"), row("d4", null)), "fanout");

        assertThat(queued()).containsExactlyInAnyOrder("d1", "d3", "d4");
        assertThat(parked).extracting(DeliveryStore.Deferral::deliveryId).containsExactly("d2");
        assertThat(parked.get(0).until()).isBetween(before.plus(COOL_DOWN), Instant.now().plus(COOL_DOWN.multipliedBy(3).dividedBy(2)));
        assertThat(counts).containsEntry("dispatched fanout", 3).containsEntry("parked fanout", 1);
    }

    @Test
    void onceTheCoolDownIsOverADeliveryIsSentAgainSoThatItCanProbeTheEndpoint() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        CircuitBreakers moving = new CircuitBreakers(8, 3, COOL_DOWN, clock);
        DeliveryDispatcher probing = new DeliveryDispatcher(queue, moving, parked::addAll, (by, n) -> { }, (by, n) -> { });
        for (int i = 0; i < 3; i++) {
            moving.recordFailure("wh_a");
        }
        probing.dispatch(row("d1", "wh_a"), "scheduler");

        clock.advance(COOL_DOWN);
        probing.dispatch(row("d2", "wh_a"), "scheduler");

        assertThat(parked).extracting(DeliveryStore.Deferral::deliveryId).containsExactly("d1");
        assertThat(queued()).containsExactly("d2");
    }

    @Test
    void deliveriesTheQueueHasNoRoomForAreParkedForASecondNotDropped() throws Exception {
        room = 2;
        Instant before = Instant.now();

        dispatcher.dispatch(List.of(row("d1", "wh_a"), row("d2", "wh_a"), row("d3", "wh_b"), row("d4", null)), "fanout");

        assertThat(queued()).containsExactly("d1", "d2");
        assertThat(parked).extracting(DeliveryStore.Deferral::deliveryId).containsExactly("d3", "d4");
        assertThat(parked).allSatisfy(p -> assertThat(p.until())
                .isBetween(before.plus(DeliveryDispatcher.NO_ROOM_RETRY), Instant.now().plus(DeliveryDispatcher.NO_ROOM_RETRY.multipliedBy(2))));
        assertThat(counts).containsEntry("dispatched fanout", 2).containsEntry("parked fanout", 2);
    }
}
