package io.hookline.infra;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class EmbeddedBrokerTest {

    private static final String BODY = "x".repeat(1024);

    @TempDir
    Path dataDir;

    /**
     * A backlog of events takes much of the broker's memory, then a burst of deliveries the rest, sent
     * and consumed on one connection as Hookline's pooled connections do. With flow control, the broker
     * blocks that connection once its memory is full, and the consumer that would drain the queue with
     * it: the benchmark's throughput run stopped dead that way.
     */
    @Test
    void aBurstBeyondTheMemoryLimitSpoolsToDiskInsteadOfBlockingTheConnection() {
        EmbeddedBroker broker = EmbeddedBroker.start(dataDir, null, null, new BrokerCredentials("hookline", "test"),
                EmbeddedBroker.maxFrameBytes(262_144), 1024 * 1024);
        // all on another thread, abandoned if it hangs: closing a blocked connection hangs too
        int received = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int n = sendThenReceive(broker, 600, 3_000);
            broker.close();
            return n;
        });

        assertThat(received).isEqualTo(3_000);
    }

    /**
     * A producer that leaves its events non-persistent (a STOMP SEND without {@code persistent:true})
     * is confirmed only once the event is stored: it is there after the broker stops and starts again.
     * Other queues keep what their producers chose.
     */
    @Test
    void eventsSentNonPersistentAreStoredAndSurviveARestartOfTheBroker() throws Exception {
        BrokerCredentials user = new BrokerCredentials("hookline", "test");
        EmbeddedBroker broker = EmbeddedBroker.start(dataDir, null, null, user, EmbeddedBroker.maxFrameBytes(262_144), 1024 * 1024);
        try (Connection connection = new ActiveMQConnectionFactory(broker.vmUrl()).createConnection("hookline", "test")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : new String[] {"contact.events", "webhook.deliveries.dead"}) {
                MessageProducer producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                producer.send(session.createTextMessage("left non-persistent on " + queue));
            }
        }
        broker.close();

        EmbeddedBroker again = EmbeddedBroker.start(dataDir, null, null, user, EmbeddedBroker.maxFrameBytes(262_144), 1024 * 1024);
        try (Connection connection = new ActiveMQConnectionFactory(again.vmUrl()).createConnection("hookline", "test")) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer events = session.createConsumer(session.createQueue("contact.events"));
            assertThat(((TextMessage) events.receive(5_000)).getText()).isEqualTo("left non-persistent on contact.events");
            MessageConsumer deliveries = session.createConsumer(session.createQueue("webhook.deliveries.dead"));
            assertThat(deliveries.receive(500)).as("a message of another queue stays as its producer sent it").isNull();
        } finally {
            again.close();
        }
    }

    private static int sendThenReceive(EmbeddedBroker broker, int events, int deliveries) throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory("hookline", "test", broker.vmUrl()).createConnection()) {
            connection.start();
            Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer eventProducer = sending.createProducer(sending.createQueue("contact.events"));
            eventProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < events; i++) {
                eventProducer.send(sending.createTextMessage(BODY));
            }
            MessageProducer deliveryProducer = sending.createProducer(sending.createQueue("webhook.deliveries.dead"));
            deliveryProducer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int i = 0; i < deliveries; i++) {
                deliveryProducer.send(sending.createTextMessage(BODY));
            }
            Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = receiving.createConsumer(receiving.createQueue("webhook.deliveries.dead"));
            int n = 0;
            while (n < deliveries && consumer.receive(5_000) != null) {
                n++;
            }
            return n;
        }
    }
}
