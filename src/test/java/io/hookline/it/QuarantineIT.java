package io.hookline.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Invalid events are quarantined on {@code contact.events.invalid} with their original body and the reason in
 * headers, never dropped, while the valid events around them are delivered and the consumer carries on.
 */
class QuarantineIT extends HooklineTestSupport {

    private static final String EVENTS = "contact.events";
    private static final String INVALID = "contact.events.invalid";
    private static final String REASON = "HooklineInvalidReason";
    private static final String DETAIL = "HooklineInvalidDetail";
    private static final int MAX_BYTES = 4096;
    private static final List<String> ALL_TYPES = List.of("contact.subscribed", "contact.unsubscribed",
            "contact.profile_updated", "contact.email_changed", "contact.cleaned");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer receiver;

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.events.max-bytes", Integer.toString(MAX_BYTES));
    }

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withStatus(204)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private List<LoggedRequest> received(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private static String event(String id, String type, String listId, String occurredAt, String email, String extra) {
        return """
                {"id":"%s","type":"%s","listId":"%s","occurredAt":"%s","source":"api",\
                "contact":{"email":"%s","fields":{"firstName":"Ann"}}%s}"""
                .formatted(id, type, listId, occurredAt, email, extra);
    }

    private static String event(String id, String type, String listId) {
        return event(id, type, listId, "2026-11-28T06:20:37Z", "ann@example.com", "");
    }

    /** How an invalid event is published, and what its quarantined copy must carry. */
    private enum Kind { TEXT, BYTES, MAP }

    /**
     * One invalid event: {@code marker} is a unique string found in its body (null for the empty body, which
     * is recognised by being empty); {@code detailPart} must appear in the detail header, e.g. the offending
     * field for {@code invalid_fields}.
     */
    private record Bad(String name, Kind kind, String marker, Object body, String reason, String detailPart) {

        void publish(Broker broker) {
            switch (kind) {
                case TEXT -> broker.sendText(EVENTS, (String) body);
                case BYTES -> broker.sendBytes(EVENTS, (byte[]) body);
                case MAP -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> map = (Map<String, String>) body;
                    broker.sendMap(EVENTS, map);
                }
            }
        }
    }

    private static List<Bad> invalidEvents(String list) {
        List<Bad> bad = new ArrayList<>();
        String m;

        m = marker("truncated");
        String whole = event(m, "contact.subscribed", list);
        bad.add(new Bad("truncated JSON", Kind.TEXT, m, whole.substring(0, whole.indexOf("\"contact\"") + 15),
                "malformed_json", "unexpected end of input"));

        m = marker("array");
        bad.add(new Bad("a JSON array, not an object", Kind.TEXT, m, "[" + event(m, "contact.subscribed", list) + "]",
                "not_an_object", "not array"));

        bad.add(new Bad("empty body", Kind.TEXT, null, "", "empty", "empty"));

        m = marker("not-utf8");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("{\"id\":\"" + m + "\",\"type\":\"contact.subscribed\",\"listId\":\"" + list
                + "\",\"occurredAt\":\"2026-11-28T06:20:37Z\",\"contact\":{\"email\":\"ann@example.com\","
                + "\"fields\":{\"firstName\":\"").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE}); // not UTF-8
        bytes.writeBytes("\"}}}".getBytes(StandardCharsets.UTF_8));
        bad.add(new Bad("invalid UTF-8 bytes", Kind.BYTES, m, bytes.toByteArray(), "not_utf8", "UTF-8"));

        // otherwise valid (the field value is within its own limit), only the whole body is too big
        m = marker("too-large");
        String padding = "x".repeat(MAX_BYTES - 10);
        String large = event(m, "contact.subscribed", list)
                .replace("\"firstName\":\"Ann\"", "\"bio\":\"" + padding + "\"");
        assertThat(large.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(MAX_BYTES);
        bad.add(new Bad("body over hookline.events.max-bytes", Kind.TEXT, m, large,
                "too_large", "limit of " + MAX_BYTES + " bytes"));

        m = marker("unknown-type");
        bad.add(new Bad("unknown event type", Kind.TEXT, m, event(m, "contact.exploded", list),
                "invalid_fields", field("type")));

        m = marker("no-list");
        bad.add(new Bad("missing required field listId", Kind.TEXT, m,
                event(m, "contact.subscribed", list).replace("\"listId\":\"" + list + "\",", ""),
                "invalid_fields", field("listId")));

        m = marker("list-number");
        bad.add(new Bad("listId of the wrong type (a number)", Kind.TEXT, m,
                event(m, "contact.subscribed", list).replace("\"listId\":\"" + list + "\"", "\"listId\":42"),
                "invalid_fields", field("listId")));

        m = marker("feb-30");
        bad.add(new Bad("impossible date (February 30)", Kind.TEXT, m,
                event(m, "contact.subscribed", list, "2026-02-30T10:00:00Z", "ann@example.com", ""),
                "invalid_fields", field("occurredAt")));

        m = marker("no-offset");
        bad.add(new Bad("date-time without a time-zone offset", Kind.TEXT, m,
                event(m, "contact.subscribed", list, "2026-11-28T06:20:37", "ann@example.com", ""),
                "invalid_fields", field("occurredAt")));

        m = marker("bad-email");
        bad.add(new Bad("bad e-mail address", Kind.TEXT, m,
                event(m, "contact.subscribed", list, "2026-11-28T06:20:37Z", "ann.example.com", ""),
                "invalid_fields", field("contact.email")));

        m = marker("no-previous");
        bad.add(new Bad("email_changed without previousEmail", Kind.TEXT, m, event(m, "contact.email_changed", list),
                "invalid_fields", field("previousEmail")));

        m = marker("deep");
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        bad.add(new Bad("nesting deeper than the limit", Kind.TEXT, m,
                event(m, "contact.subscribed", list, "2026-11-28T06:20:37Z", "ann@example.com", ",\"extra\":" + deep),
                "malformed_json", "nesting depth"));

        // escaped in the JSON, so the body is well-formed and only the id is wrong
        m = marker("control");
        bad.add(new Bad("control characters in the id", Kind.TEXT, m,
                event(m + "\\u0007\\u0000", "contact.subscribed", list), "invalid_fields", field("id")));

        m = marker("map");
        Map<String, String> map = new LinkedHashMap<>();
        map.put("id", m);
        map.put("type", "contact.subscribed");
        map.put("listId", list);
        map.put("occurredAt", "2026-11-28T06:20:37Z");
        map.put("email", "ann@example.com");
        bad.add(new Bad("a JMS MapMessage", Kind.MAP, m, map, "unsupported_message_type", "not supported"));

        return bad;
    }

    /** How the detail of {@code invalid_fields} names a field: "invalid fields: listId: must be a string; ...". */
    private static String field(String path) {
        return " " + path + ": ";
    }

    private static String marker(String kind) {
        return "q-" + kind + "-" + UUID.randomUUID();
    }

    @Test
    void invalidEventsOfEveryKindAreQuarantinedWithBodyAndReasonWhileValidEventsBetweenThemAreDelivered()
            throws Exception {
        String list = "list_" + UUID.randomUUID();
        String path = "/quarantine/" + list;
        api.createWebhook(list, url(path), ALL_TYPES);

        List<Bad> bad = invalidEvents(list);
        assertThat(bad).hasSizeGreaterThanOrEqualTo(12);

        // valid, bad, valid, bad, ..., valid
        Set<String> validIds = new LinkedHashSet<>();
        for (Bad b : bad) {
            validIds.add(publishValid(list, validIds.size()));
            b.publish(broker);
        }
        validIds.add(publishValid(list, validIds.size()));

        Map<Bad, Message> quarantined = matchToSent(takeQuarantined(bad.size()), bad);
        SoftAssertions softly = new SoftAssertions();
        for (Bad b : bad) {
            Message m = quarantined.get(b);
            softly.assertThat(m).as("quarantined copy of: %s", b.name()).isNotNull();
            if (m != null) {
                assertQuarantinedCopy(softly, b, m);
            }
        }
        softly.assertAll();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deliveredEventIds(path)).containsAll(validIds));

        // the consumer is still running after all of them
        String last = "e-last-" + UUID.randomUUID();
        broker.sendText(EVENTS, event(last, "contact.subscribed", list));
        validIds.add(last);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveredEventIds(path)).contains(last));

        // every valid event delivered once, no invalid one delivered, nothing else quarantined
        assertThat(deliveredEventIds(path)).containsExactlyInAnyOrderElementsOf(validIds);
        assertThat(received(path)).hasSize(validIds.size());
        Message extra = broker.receive(INVALID, 500);
        assertThat(extra).as("an unexpected message on %s: %s", INVALID, extra == null ? "" : Broker.text(extra))
                .isNull();
    }

    @Test
    void theDetailOfAnEventWithInvalidFieldsNamesEveryOffendingField() throws Exception {
        String list = "list_" + UUID.randomUUID();
        String id = marker("detail");
        String body = event(id, "contact.subscribed", list, "2026-11-28T06:20:37Z", "not-an-address", "")
                .replace("\"listId\":\"" + list + "\"", "\"listId\":7");
        broker.sendText(EVENTS, body);

        List<Message> quarantined = takeQuarantined(1);
        assertThat(quarantined).as("quarantined on %s", INVALID).hasSize(1);
        Message m = quarantined.get(0);
        assertThat(Broker.text(m)).isEqualTo(body);
        assertThat(m.getStringProperty(REASON)).isEqualTo("invalid_fields");
        String detail = m.getStringProperty(DETAIL);
        assertThat(detail).contains("listId: must be a string").contains("contact.email: not an e-mail address");
        assertThat(detail).doesNotContain("occurredAt", "contact.fields", "type");
    }

    private String publishValid(String list, int n) {
        String id = "e-ok-" + n + "-" + UUID.randomUUID();
        broker.sendText(EVENTS, event(id, ALL_TYPES.get(n % 3), list));
        return id;
    }

    /**
     * Drains the invalid queue until {@code expected} messages have been taken, or returns what it has after
     * the timeout, so that the caller's assertions name what is missing.
     */
    private List<Message> takeQuarantined(int expected) {
        List<Message> taken = Collections.synchronizedList(new ArrayList<>());
        try {
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        Message m = broker.receive(INVALID, 250);
                        if (m != null) {
                            taken.add(m);
                        }
                        return taken.size() >= expected;
                    });
        } catch (ConditionTimeoutException e) {
            // fewer than expected: reported by the caller
        }
        return new ArrayList<>(taken);
    }

    /** Pairs each quarantined message with the invalid event it is a copy of, by the marker in its body. */
    private static Map<Bad, Message> matchToSent(List<Message> messages, List<Bad> sent) throws JMSException {
        Map<Bad, Message> matched = new HashMap<>();
        for (Message m : messages) {
            String content = searchableContent(m);
            List<Bad> candidates = sent.stream()
                    .filter(b -> b.marker() == null ? content.isEmpty() : content.contains(b.marker()))
                    .toList();
            if (candidates.size() != 1) {
                fail("cannot match a quarantined message to one sent event (%s candidates): %s %s",
                        candidates.size(), m.getClass().getSimpleName(), abbreviate(content));
            }
            Bad b = candidates.get(0);
            if (matched.put(b, m) != null) {
                fail("quarantined twice: %s", b.name());
            }
        }
        return matched;
    }

    private static String searchableContent(Message m) throws JMSException {
        if (m instanceof MapMessage map) {
            return String.valueOf(map.getString("id"));
        }
        if (m instanceof BytesMessage) {
            // ISO-8859-1 keeps every byte, so an ASCII marker is found whatever surrounds it
            return new String(bytes(m), StandardCharsets.ISO_8859_1);
        }
        if (m instanceof TextMessage t) {
            return t.getText() == null ? "" : t.getText();
        }
        return "";
    }

    private static void assertQuarantinedCopy(SoftAssertions softly, Bad b, Message m) throws JMSException {
        String what = b.name();
        softly.assertThat(m.getStringProperty(REASON)).as("reason of: %s", what).isEqualTo(b.reason());
        String detail = m.getStringProperty(DETAIL);
        softly.assertThat(detail).as("detail of: %s", what).isNotBlank();
        softly.assertThat(detail).as("detail of: %s", what).contains(b.detailPart());
        switch (b.kind()) {
            case TEXT -> {
                if (m instanceof TextMessage text) {
                    softly.assertThat(text.getText()).as("body of: %s", what).isEqualTo(b.body());
                } else {
                    softly.fail("%s was quarantined as a %s, not a TextMessage", what, m.getClass().getSimpleName());
                }
            }
            case BYTES -> {
                if (m instanceof BytesMessage) {
                    softly.assertThat(bytes(m)).as("body of: %s", what).isEqualTo((byte[]) b.body());
                } else {
                    softly.fail("%s was quarantined as a %s, not a BytesMessage", what, m.getClass().getSimpleName());
                }
            }
            case MAP -> {
                if (m instanceof MapMessage map) {
                    Map<String, Object> copy = new HashMap<>();
                    for (Object key : Collections.list(map.getMapNames())) {
                        copy.put((String) key, map.getObject((String) key));
                    }
                    softly.assertThat(copy).as("body of: %s", what).isEqualTo(b.body());
                } else {
                    softly.fail("%s was quarantined as a %s, not a MapMessage", what, m.getClass().getSimpleName());
                }
            }
        }
    }

    private static byte[] bytes(Message m) throws JMSException {
        BytesMessage b = (BytesMessage) m;
        b.reset();
        byte[] bytes = new byte[(int) b.getBodyLength()];
        b.readBytes(bytes);
        return bytes;
    }

    private List<String> deliveredEventIds(String path) {
        return received(path).stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString()).at("/data/eventId").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
