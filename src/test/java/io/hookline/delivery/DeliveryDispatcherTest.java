package io.hookline.delivery;

import io.hookline.store.DeliveryStore;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher against a real (in-JVM, non-persistent) ActiveMQ broker. */
class DeliveryDispatcherTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(30);
    private static final String QUEUE = "webhook.deliveries";

    private final ActiveMQConnectionFactory connections = new ActiveMQConnectionFactory(
            "vm://dispatcher-" + UUID.randomUUID() + "?broker.persistent=false&broker.useJmx=false");
    private final CircuitBreakers breakers = new CircuitBreakers(8, 3, COOL_DOWN, Clock.systemUTC());
    private final List<DeliveryStore.Deferral> parked = new ArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final DeliveryDispatcher dispatcher = new DeliveryDispatcher(connections, breakers, parked::addAll,
            (by, n) -> counts.merge("dispatched " + by, n, Integer::sum),
            (by, n) -> counts.merge("parked " + by, n, Integer::sum));
    private Connection receiving;

    /** Open for the whole test: an in-JVM broker lives as long as a connection to it. */
    @BeforeEach
    void connect() throws Exception {
        receiving = connections.createConnection();
        receiving.start();
    }

    @AfterEach
    void close() throws Exception {
        receiving.close();
    }

    private static Map<String, Object> row(String id, String webhookId) {
        return webhookId == null ? Map.of("id", id, "dispatch_seq", 0) : Map.of("id", id, "dispatch_seq", 0, "webhook_id", webhookId);
    }

    private List<String> queued() throws Exception {
        Session session = receiving.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
        List<String> ids = new ArrayList<>();
        for (Message m = consumer.receive(1_000); m != null; m = consumer.receive(200)) {
            ids.add(m.getStringProperty(DispatchHeaders.DELIVERY_ID));
        }
        return ids;
    }

    @Test
    void deliveriesOfAWebhookWhoseCircuitIsOpenAreParkedForACoolDownAndTheOthersSent() throws Exception {
        for (int i = 0; i < 3; i++) {
            breakers.recordFailure("wh_dead");
        }
        Instant before = Instant.now();

        dispatcher.dispatch(List.of(row("d1", "wh_ok"), row("d2", "wh_dead"), row("d3", "wh_ok"), row("d4", null)), "fanout", QUEUE);

        assertThat(queued()).containsExactlyInAnyOrder("d1", "d3", "d4");
        assertThat(parked).extracting(DeliveryStore.Deferral::deliveryId).containsExactly("d2");
        assertThat(parked.get(0).until()).isBetween(before.plus(COOL_DOWN), Instant.now().plus(COOL_DOWN.multipliedBy(3).dividedBy(2)));
        assertThat(counts).containsEntry("dispatched fanout", 3).containsEntry("parked fanout", 1);
    }

    @Test
    void onceTheCoolDownIsOverADeliveryIsSentAgainSoThatItCanProbeTheEndpoint() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        CircuitBreakers moving = new CircuitBreakers(8, 3, COOL_DOWN, clock);
        DeliveryDispatcher probing = new DeliveryDispatcher(connections, moving, parked::addAll, (by, n) -> { }, (by, n) -> { });
        for (int i = 0; i < 3; i++) {
            moving.recordFailure("wh_a");
        }
        probing.dispatch(row("d1", "wh_a"), "scheduler", QUEUE);

        clock.advance(COOL_DOWN);
        probing.dispatch(row("d2", "wh_a"), "scheduler", QUEUE);

        assertThat(parked).extracting(DeliveryStore.Deferral::deliveryId).containsExactly("d1");
        assertThat(queued()).containsExactly("d2");
    }
}
