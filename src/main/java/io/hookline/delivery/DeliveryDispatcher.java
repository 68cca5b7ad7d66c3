package io.hookline.delivery;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * Puts deliveries on {@code webhook.deliveries}: one small message each, naming the delivery and
 * the dispatch seq that entitles it to an attempt. All deliveries of an event (or of a scheduler
 * batch) go out through one pooled session and producer, not one Camel exchange each.
 *
 * <p>Not persistent: PostgreSQL holds the delivery, and a message lost with the broker is sent
 * again by the retry scheduler when the delivery's lease ends, which spares the broker's disk a
 * write and a delete per delivery.
 */
public class DeliveryDispatcher {

    public static final String QUEUE = "webhook.deliveries";

    private final ConnectionFactory connections;
    private final ObjIntConsumer<String> dispatched;

    /** {@code dispatched} hears how many messages were sent, and by whom (fanout, scheduler, api). */
    public DeliveryDispatcher(ConnectionFactory connections, ObjIntConsumer<String> dispatched) {
        this.connections = connections;
        this.dispatched = dispatched;
    }

    /**
     * Dispatches one delivery (a row with {@code id} and {@code dispatch_seq}) or a list of them;
     * the body stays as it was.
     */
    @SuppressWarnings("unchecked")
    public void dispatch(Object deliveries, String by) throws JMSException {
        List<Map<String, Object>> rows = deliveries instanceof List<?> list
                ? (List<Map<String, Object>>) list
                : List.of((Map<String, Object>) deliveries);
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
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
