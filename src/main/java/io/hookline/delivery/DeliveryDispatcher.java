package io.hookline.delivery;

import io.hookline.store.DeliveryStore;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * Puts deliveries on the delivery queue the route names ({@code webhook.deliveries}): one small message each, naming the delivery and
 * the dispatch seq that entitles it to an attempt. All deliveries of an event (or of a scheduler
 * batch) go out through one pooled session and producer, not one Camel exchange each.
 *
 * <p>Not persistent: PostgreSQL holds the delivery, and a message lost with the broker is sent
 * again by the retry scheduler when the delivery's lease ends, which spares the broker's disk a
 * write and a delete per delivery.
 *
 * <p>A delivery whose webhook's circuit is open is parked instead: put back on the schedule for a
 * cool-down in one statement with the others, with no message. Sent, it would only be claimed and
 * deferred by the {@link DeliveryGate}; parked, a dead endpoint's backlog costs next to nothing.
 */
public class DeliveryDispatcher {

    /** Writes deferrals, e.g. {@link DeliveryStore#defer(List)}. */
    @FunctionalInterface
    public interface Parking {
        void park(List<DeliveryStore.Deferral> deferrals) throws Exception;
    }

    private final ConnectionFactory connections;
    private final CircuitBreakers breakers;
    private final Parking parking;
    private final ObjIntConsumer<String> dispatched;
    private final ObjIntConsumer<String> parked;

    /**
     * {@code dispatched} and {@code parked} hear how many deliveries were sent or parked, and by
     * whom (fanout, scheduler, api).
     */
    public DeliveryDispatcher(ConnectionFactory connections, CircuitBreakers breakers, Parking parking,
                              ObjIntConsumer<String> dispatched, ObjIntConsumer<String> parked) {
        this.connections = connections;
        this.breakers = breakers;
        this.parking = parking;
        this.dispatched = dispatched;
        this.parked = parked;
    }

    /**
     * Dispatches one delivery (a row with {@code id}, {@code dispatch_seq} and, to be parked while
     * its circuit is open, {@code webhook_id}) or a list of them, one message per target on
     * {@code queue}; the body stays as it was.
     */
    @SuppressWarnings("unchecked")
    public void dispatch(Object deliveries, String by, String queue) throws Exception {
        List<Map<String, Object>> all = deliveries instanceof List<?> list
                ? (List<Map<String, Object>>) list
                : List.of((Map<String, Object>) deliveries);
        List<Map<String, Object>> rows = new ArrayList<>(all.size());
        List<DeliveryStore.Deferral> toPark = new ArrayList<>();
        Instant now = Instant.now();
        for (Map<String, Object> row : all) {
            Object webhookId = row.get("webhook_id");
            Instant until = webhookId == null ? null : breakers.refusing((String) webhookId);
            if (until == null) {
                rows.add(row);
            } else {
                toPark.add(new DeliveryStore.Deferral((String) row.get("id"), DeliveryGate.spread(until, now)));
            }
        }
        if (!toPark.isEmpty()) {
            parking.park(toPark);
            parked.accept(by, toPark.size());
        }
        send(rows, by, queue);
    }

    private void send(List<Map<String, Object>> rows, String by, String queue) throws JMSException {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (Map<String, Object> row : rows) {
                String id = (String) row.get("id");
                TextMessage message = session.createTextMessage(id);
                message.setStringProperty(DispatchHeaders.DELIVERY_ID, id);
                message.setIntProperty(DispatchHeaders.DISPATCH_SEQ, ((Number) row.get("dispatch_seq")).intValue());
                producer.send(message);
            }
        }
        dispatched.accept(by, rows.size());
    }
}
