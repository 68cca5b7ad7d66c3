package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.jms.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /api/events: validated like the queue path; 202 once on contact.events; 400 or 413 with nothing enqueued. */
class HttpIngestIT extends HooklineTestSupport {

    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/in")).willReturn(aResponse().withStatus(200)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private long receivedFor(String list) {
        return receiver.findAll(postRequestedFor(urlEqualTo("/in"))).stream()
                .filter(r -> r.getBodyAsString().contains(list)).count();
    }

    @Test
    void aValidEventIsAnswered202WithItsIdAndDelivered() {
        String list = "list_" + UUID.randomUUID();
        api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/in", List.of("contact.subscribed"));
        String id = "e-http-" + UUID.randomUUID();

        Response r = api.call("POST", "/api/events", EventDeliveryIT.event(id, "subscribe", list, ""));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("id").asText()).isEqualTo(id);
        assertThat(r.json().get("type").asText()).isEqualTo("contact.subscribed");
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(list) == 1);
    }

    @Test
    void anInvalidEventIs400ListingEveryFieldErrorAndIsNotEnqueued() throws Exception {
        String list = "list_" + UUID.randomUUID();
        api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/in", List.of("contact.subscribed"));
        String badId = "e-bad-" + UUID.randomUUID();
        String bad = """
                {"id":"%s","type":"contact.exploded","listId":"%s","occurredAt":"yesterday",
                 "contact":{"email":"not-an-address"}}""".formatted(badId, list);

        Response r = api.call("POST", "/api/events", bad);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Set<String> fields = new HashSet<>();
        for (JsonNode e : r.json().get("errors")) {
            fields.add(e.get("field").asText());
        }
        assertThat(fields).contains("type", "occurredAt", "contact.email");

        // a valid event sent after it is delivered, and the invalid one never reached the queue
        // (had it, ingest would have quarantined it on contact.events.invalid)
        String good = "e-good-" + UUID.randomUUID();
        assertThat(api.call("POST", "/api/events", EventDeliveryIT.event(good, "subscribe", list, "")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(list) == 1);
        Message m;
        while ((m = broker.receive("contact.events.invalid", 500)) != null) {
            assertThat(Broker.text(m)).doesNotContain(badId);
        }
    }

    @Test
    void malformedJsonIs400AndAnOversizedEventIs413() {
        Response malformed = api.call("POST", "/api/events", "{\"id\": ");
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        String big = EventDeliveryIT.event("e-big-" + UUID.randomUUID(), "subscribe", "list_big",
                ",\"reason\":\"" + "x".repeat(300 * 1024) + "\"");
        Response tooLarge = api.call("POST", "/api/events", big);
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anEventWhoseListIdHoldsANulIs400NamingTheListIdWhileTheSameEventWithoutItIsAccepted() {
        String id = "e-nul-" + UUID.randomUUID();
        // JSON allows the escaped NUL; the list id must not hold it (PostgreSQL text cannot)
        Response r = api.call("POST", "/api/events", EventDeliveryIT.event(id, "contact.subscribed", "list\\u0000x", ""));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<String> fields = new java.util.ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).as(r.body()).containsExactly("listId");

        Response clean = api.call("POST", "/api/events", EventDeliveryIT.event(id, "contact.subscribed", "listx", ""));
        assertThat(clean.status()).as(clean.body()).isEqualTo(202);
    }

    @Test
    void producersCannotPublishTestEvents() {
        Response r = api.call("POST", "/api/events", EventDeliveryIT.event("e-t-" + UUID.randomUUID(), "webhook.test", "list_x", ""));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
    }
}
