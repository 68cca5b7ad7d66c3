package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.it.campaign.MalformedEvents;
import io.hookline.it.campaign.MalformedEvents.Case;
import io.hookline.it.campaign.SerializationGadget;
import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input campaign on the event paths: a few hundred generated malformed events (truncated
 * JSON, wrong types, huge strings, deep nesting, unknown types, impossible dates, control characters,
 * invalid UTF-8, empty and oversized bodies, and JMS Object, Map and Stream messages) go through the
 * broker and through POST /api/events, with valid events between them. Every malformed one is
 * quarantined with its reason (queue) or refused 400/413 problem+json (HTTP); every valid one is
 * delivered, counted at a real receiver.
 */
class BadInputCampaignIT extends HooklineTestSupport {

    static final int MAX_BYTES = 16_384;
    static final String EVENTS = "contact.events";
    static final String INVALID = "contact.events.invalid";
    static final String CASE = "CampaignCase";
    /** A stack trace line, or a Java class name such as com.fasterxml.jackson… or io.hookline… */
    static final Pattern JAVA_LEAK = Pattern.compile(
            "\\bat [a-z]+\\.[a-z]|Exception\\b|\\b(java|javax|jakarta|org\\.apache|io\\.hookline|com\\.fasterxml|io\\.vertx)\\.[a-z]");

    private final RecordingReceiver receiver = new RecordingReceiver();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.events.max-bytes", Integer.toString(MAX_BYTES));
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    /** What the campaign sent over JMS: the case, and how its quarantined copy must look. */
    private record JmsCase(String name, String reason, byte[] textBody, byte[] bytesBody, String jmsType) {
    }

    private record HttpAnswer(int status, String contentType, String body) {
    }

    @TestFactory
    List<DynamicTest> malformedEventsAreQuarantinedOrRefusedAndTheValidOnesBetweenThemAreDelivered() throws Exception {
        String list = "list_" + UUID.randomUUID();
        String path = "/campaign/" + list;
        api.createWebhook(list, receiver.url(path), List.of("contact.subscribed"));
        List<Case> generated = MalformedEvents.generate(MAX_BYTES, list);
        assertThat(generated).hasSizeGreaterThanOrEqualTo(200);
        Set<String> validIds = new LinkedHashSet<>();
        int gadgetsBefore = SerializationGadget.DESERIALISED.get();

        // through the broker: every case, text cases as TextMessage and BytesMessage alike
        List<JmsCase> jms = new ArrayList<>();
        int i = 0;
        for (Case c : generated) {
            if (c.isUtf8Text()) {
                String name = "jms text: " + c.name();
                broker.send(EVENTS, s -> tagged(s.createTextMessage(c.text()), name));
                jms.add(new JmsCase(name, c.reason(), c.body(), null, "TextMessage"));
            }
            if (!c.isUtf8Text() || i % 4 == 0) {
                String name = "jms bytes: " + c.name();
                broker.send(EVENTS, s -> {
                    BytesMessage m = s.createBytesMessage();
                    m.writeBytes(c.body());
                    return tagged(m, name);
                });
                jms.add(new JmsCase(name, c.reason(), null, c.body(), "BytesMessage"));
            }
            if (++i % 5 == 0) {
                validIds.add(publishValidOverJms(list));
            }
        }
        jms.addAll(sendUnreadableJmsMessages(list));
        validIds.add(publishValidOverJms(list));

        // through POST /api/events: every case again, with valid events between them
        Map<String, HttpAnswer> answers = new HashMap<>();
        Map<String, Case> httpCases = new HashMap<>();
        i = 0;
        for (Case c : generated) {
            String name = "http: " + c.name();
            answers.put(name, postEvent(c.body()));
            httpCases.put(name, c);
            if (++i % 5 == 0) {
                validIds.add(publishValidOverHttp(list));
            }
        }
        String overServerLimit = "http: a body of 2 MiB, over the server's body limit";
        answers.put(overServerLimit, postEvent(MalformedEvents.valid("big", list)
                .replace("\"Ann\"", "\"" + "x".repeat(2 * 1024 * 1024) + "\"").getBytes(StandardCharsets.UTF_8)));
        httpCases.put(overServerLimit, new Case(overServerLimit, new byte[0], "too_large"));
        validIds.add(publishValidOverHttp(list));

        Map<String, Message> quarantined = drainQuarantine(jms.size());
        await().atMost(Duration.ofSeconds(90)).until(() -> deliveredIds(path).containsAll(validIds));

        List<DynamicTest> tests = new ArrayList<>();
        for (JmsCase c : jms) {
            tests.add(DynamicTest.dynamicTest(c.name() + " is quarantined as " + c.reason(),
                    () -> assertQuarantined(c, quarantined.get(c.name()))));
        }
        for (Map.Entry<String, Case> e : httpCases.entrySet()) {
            Case c = e.getValue();
            int expected = c.reason().equals("too_large") ? 413 : 400;
            tests.add(DynamicTest.dynamicTest(e.getKey() + " is refused " + expected + " problem+json",
                    () -> assertRefused(answers.get(e.getKey()), expected)));
        }
        tests.add(DynamicTest.dynamicTest("no message was quarantined but the malformed JMS ones ("
                + jms.size() + "): nothing refused over HTTP reached the queue", () -> {
            assertThat(quarantined).hasSize(jms.size());
            assertThat(quarantined.keySet()).containsExactlyInAnyOrderElementsOf(jms.stream().map(JmsCase::name).toList());
        }));
        tests.add(DynamicTest.dynamicTest("all " + validIds.size() + " valid events sent between them are delivered once "
                + "and no malformed one is", () -> {
            assertThat(deliveredIds(path)).containsExactlyInAnyOrderElementsOf(validIds);
        }));
        tests.add(DynamicTest.dynamicTest("no ObjectMessage body was ever deserialised", () ->
                assertThat(SerializationGadget.DESERIALISED.get()).isEqualTo(gadgetsBefore)));
        tests.add(DynamicTest.dynamicTest("the event consumer still runs after the campaign", () -> {
            String last = publishValidOverJms(list);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveredIds(path).contains(last));
        }));
        return tests;
    }

    /** ObjectMessage (a String that is a valid event, a HashMap, a gadget), MapMessage and StreamMessage. */
    private List<JmsCase> sendUnreadableJmsMessages(String list) {
        List<JmsCase> sent = new ArrayList<>();
        String asEvent = MalformedEvents.valid("object-" + UUID.randomUUID(), list);
        sent.add(sendUnreadable("jms: an ObjectMessage holding a String that is a valid event", "ObjectMessage",
                s -> s.createObjectMessage(asEvent)));
        sent.add(sendUnreadable("jms: an ObjectMessage holding a HashMap", "ObjectMessage",
                s -> s.createObjectMessage(new HashMap<>(Map.of("id", "x", "type", "contact.subscribed")))));
        sent.add(sendUnreadable("jms: an ObjectMessage holding a class with a readObject method", "ObjectMessage",
                s -> s.createObjectMessage(new SerializationGadget())));
        sent.add(sendUnreadable("jms: an empty ObjectMessage", "ObjectMessage", s -> s.createObjectMessage()));
        sent.add(sendUnreadable("jms: a StreamMessage", "StreamMessage", s -> {
            StreamMessage m = s.createStreamMessage();
            m.writeString(asEvent);
            return m;
        }));
        sent.add(sendUnreadable("jms: a MapMessage of event fields", "MapMessage", s -> {
            MapMessage m = s.createMapMessage();
            m.setString("id", "map-" + UUID.randomUUID());
            m.setString("type", "contact.subscribed");
            m.setString("listId", list);
            return m;
        }));
        sent.add(sendUnreadable("jms: an empty MapMessage", "MapMessage", Session::createMapMessage));
        return sent;
    }

    private JmsCase sendUnreadable(String name, String jmsType, Broker.MessageMaker maker) {
        broker.send(EVENTS, s -> tagged(maker.make(s), name));
        return new JmsCase(name, "unsupported_message_type", null, null, jmsType);
    }

    private static Message tagged(Message m, String name) throws jakarta.jms.JMSException {
        m.setStringProperty(CASE, name);
        return m;
    }

    private String publishValidOverJms(String list) {
        String id = "ok-jms-" + UUID.randomUUID();
        broker.sendText(EVENTS, MalformedEvents.valid(id, list));
        return id;
    }

    private String publishValidOverHttp(String list) {
        String id = "ok-http-" + UUID.randomUUID();
        HttpAnswer a = postEvent(MalformedEvents.valid(id, list).getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        return id;
    }

    private HttpAnswer postEvent(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/api/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Takes every quarantined message, keyed by the case name the producer tagged it with. */
    private Map<String, Message> drainQuarantine(int expected) throws Exception {
        Map<String, Message> taken = new HashMap<>();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(SharedInfra.brokerUrl());
        factory.setTrustedPackages(List.of()); // the test reads no object either
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(INVALID));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (taken.size() < expected && System.nanoTime() < deadline) {
                Message m = consumer.receive(500);
                if (m != null) {
                    String name = m.getStringProperty(CASE);
                    taken.put(name == null ? "untagged " + UUID.randomUUID() : name, m);
                }
            }
            // anything beyond the expected count is a message that should not be there
            Message extra;
            while ((extra = consumer.receive(300)) != null) {
                taken.put("unexpected " + extra.getStringProperty(CASE) + " " + UUID.randomUUID(), extra);
            }
        }
        return taken;
    }

    private static void assertQuarantined(JmsCase c, Message m) throws Exception {
        assertThat(m).as("quarantined copy of %s", c.name()).isNotNull();
        assertThat(m.getStringProperty("HooklineInvalidReason")).isEqualTo(c.reason());
        assertThat(m.getStringProperty("HooklineInvalidDetail")).isNotBlank();
        switch (c.jmsType()) {
            case "TextMessage" -> {
                assertThat(m).isInstanceOf(TextMessage.class);
                assertThat(((TextMessage) m).getText()).isEqualTo(new String(c.textBody(), StandardCharsets.UTF_8));
            }
            case "BytesMessage" -> {
                assertThat(m).isInstanceOf(BytesMessage.class);
                assertThat(bytes((BytesMessage) m)).isEqualTo(c.bytesBody());
            }
            case "MapMessage" -> assertThat(m).isInstanceOf(MapMessage.class);
            default -> {
                // never deserialised: the marshalled bytes travel on as a BytesMessage, the type in a header
                assertThat(m).isInstanceOf(BytesMessage.class).isNotInstanceOf(ObjectMessage.class);
                assertThat(m.getStringProperty("HooklineOriginalMessageType")).isEqualTo(c.jmsType());
            }
        }
    }

    private static void assertRefused(HttpAnswer a, int expected) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(expected);
        assertThat(a.contentType()).startsWith("application/problem+json");
        JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.body());
        assertThat(problem.path("status").asInt()).isEqualTo(expected);
        assertThat(problem.path("detail").asText()).as("the reason").isNotBlank();
        if (expected == 400) {
            assertThat(problem.path("errors")).as("field errors").isNotEmpty();
        }
        assertThat(a.body()).doesNotContainPattern(JAVA_LEAK);
    }

    private static byte[] bytes(BytesMessage m) throws Exception {
        m.reset();
        byte[] bytes = new byte[(int) m.getBodyLength()];
        m.readBytes(bytes);
        return bytes;
    }

    private List<String> deliveredIds(String path) {
        return receiver.received().stream().filter(r -> r.path().equals(path)).map(RecordingReceiver.Received::eventId).toList();
    }
}
