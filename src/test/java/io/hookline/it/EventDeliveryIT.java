package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RunsAlone;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events published on the broker reach the webhooks that want them, signed, once. */
@RunsAlone // it asserts a latency
class EventDeliveryIT extends HooklineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/.*"))
                .willReturn(aResponse().withStatus(204)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    static String event(String id, String type, String listId, String extra) {
        return """
                {"id":"%s","type":"%s","listId":"%s","occurredAt":"2026-11-28T06:20:37Z","source":"api",
                 "contact":{"email":"ann@example.com","fields":{"firstName":"Ann"}}%s}
                """.formatted(id, type, listId, extra);
    }

    private List<LoggedRequest> received(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void everyEventTypeAndAnAliasIsDeliveredSignedToTheWebhook() throws Exception {
        String list = "list_" + UUID.randomUUID();
        JsonNode hook = api.createWebhook(list, url("/all"), List.of("contact.subscribed", "contact.unsubscribed",
                "contact.profile_updated", "contact.email_changed", "contact.cleaned"));
        String secret = hook.get("secret").asText();

        Map<String, String> sent = new HashMap<>();
        sent.put("e-sub-" + UUID.randomUUID(), event("%s", "contact.subscribed", list, ""));
        sent.put("e-uns-" + UUID.randomUUID(), event("%s", "contact.unsubscribed", list, ""));
        sent.put("e-pro-" + UUID.randomUUID(), event("%s", "contact.profile_updated", list, ""));
        sent.put("e-upe-" + UUID.randomUUID(), event("%s", "contact.email_changed", list, ",\"previousEmail\":\"old@example.com\""));
        sent.put("e-cln-" + UUID.randomUUID(), event("%s", "contact.cleaned", list, ",\"reason\":\"hard_bounce\""));
        sent.put("e-alias-" + UUID.randomUUID(), event("%s", "unsubscribe", list, ""));
        sent.forEach((id, body) -> broker.sendText("contact.events", body.formatted(id)));

        await().atMost(Duration.ofSeconds(30)).until(() -> received("/all").size() >= sent.size());
        List<LoggedRequest> requests = received("/all");
        assertThat(requests).hasSize(sent.size());

        Webhook verifier = new Webhook(secret);
        Map<String, String> typeByEvent = new HashMap<>();
        for (LoggedRequest r : requests) {
            String body = r.getBodyAsString();
            verifier.verify(body, HttpHeaders.of(Map.of(
                    "webhook-id", List.of(r.getHeader("webhook-id")),
                    "webhook-timestamp", List.of(r.getHeader("webhook-timestamp")),
                    "webhook-signature", List.of(r.getHeader("webhook-signature"))), (a, b) -> true));
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
            assertThat(r.getHeader("User-Agent")).startsWith("Hookline/");
            assertThat(r.getHeader("webhook-id")).startsWith("msg_");
            JsonNode json = JSON.readTree(body);
            assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-28T06:20:37Z");
            assertThat(json.at("/data/listId").asText()).isEqualTo(list);
            assertThat(json.at("/data/contact/email").asText()).isEqualTo("ann@example.com");
            typeByEvent.put(json.at("/data/eventId").asText(), json.get("type").asText());
        }
        assertThat(typeByEvent).hasSize(sent.size());
        typeByEvent.forEach((id, type) -> {
            if (id.startsWith("e-alias-")) {
                assertThat(type).isEqualTo("contact.unsubscribed");
            }
        });
        assertThat(typeByEvent.values()).contains("contact.subscribed", "contact.unsubscribed",
                "contact.profile_updated", "contact.email_changed", "contact.cleaned");
    }

    @Test
    void noBrokerOrCamelHeaderReachesTheReceiver() {
        String list = "list_" + UUID.randomUUID();
        api.createWebhook(list, url("/headers"), List.of("contact.subscribed"));
        broker.sendText("contact.events", event("e-h-" + UUID.randomUUID(), "contact.subscribed", list, ""));

        await().atMost(Duration.ofSeconds(30)).until(() -> received("/headers").size() == 1);
        LoggedRequest r = received("/headers").get(0);
        List<String> names = r.getHeaders().all().stream().map(h -> h.key().toLowerCase()).toList();
        assertThat(names).noneMatch(n -> n.startsWith("jms") || n.startsWith("camel") || n.startsWith("hookline")
                || n.contains("breadcrumb") || n.equals("alreadyfannedout") || n.equals("leaseuntil"));
        assertThat(names).contains("webhook-id", "webhook-timestamp", "webhook-signature", "user-agent", "content-type");
    }

    @Test
    void anEventFansOutOnlyToTheWebhooksOfItsListThatWantItsType() {
        String list = "list_" + UUID.randomUUID();
        String other = "list_" + UUID.randomUUID();
        api.createWebhook(list, url("/fan/a"), List.of("contact.subscribed"));
        api.createWebhook(list, url("/fan/b"), List.of("contact.subscribed", "contact.cleaned"));
        api.createWebhook(list, url("/fan/c"), List.of("contact.unsubscribed"));
        api.createWebhook(list, url("/fan/d"), List.of("contact.subscribed"), Map.of("sources", List.of("admin")));
        api.createWebhook(other, url("/fan/e"), List.of("contact.subscribed"));

        broker.sendText("contact.events", event("e-fan-" + UUID.randomUUID(), "contact.subscribed", list, ""));
        // a second event whose delivery to /fan/c proves the first one has been fully fanned out
        broker.sendText("contact.events", event("e-fan2-" + UUID.randomUUID(), "contact.unsubscribed", list, ""));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                received("/fan/a").size() == 1 && received("/fan/b").size() == 1 && received("/fan/c").size() == 1);
        assertThat(received("/fan/d")).as("source filter: only admin").isEmpty();
        assertThat(received("/fan/e")).as("another list").isEmpty();
        assertThat(received("/fan/a").get(0).getHeader("webhook-id"))
                .isNotEqualTo(received("/fan/b").get(0).getHeader("webhook-id"));
    }

    @Test
    void anEventRedeliveredWhileItsDeliveryIsUnderWayDoesNotStartASecondAttempt() throws Exception {
        receiver.stubFor(post(urlEqualTo("/inflight")).willReturn(aResponse().withStatus(204).withFixedDelay(1500)));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/inflight"), List.of("contact.subscribed")).get("id").asText();
        String id = "e-inflight-" + UUID.randomUUID();
        broker.sendText("contact.events", event(id, "contact.subscribed", list, ""));
        // sent and not finished: the attempt is under way (a fresh delivery is attempted without a claim:
        // its dispatch_seq stays 0 until its outcome)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .alias("the receiver holds the first attempt, its delivery still pending")
                .until(() -> received("/inflight").size() == 1 && deliveryState(hook).startsWith("pending "));

        // as if the broker redelivered the event of a dispatcher that crashed before marking it fanned out
        try (var c = SharedInfra.dataSource().getConnection();
             var ps = c.prepareStatement("UPDATE event SET fanned_out = false WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        broker.sendText("contact.events", event(id, "contact.subscribed", list, ""));

        await().atMost(Duration.ofSeconds(30)).alias("the first attempt recorded").until(() -> deliveryState(hook).startsWith("succeeded "));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> received("/inflight").size() == 1);
        assertThat(api.delivery(api.deliveries(hook).get(0).get("id").asText()).get("attemptCount").asInt()).isEqualTo(1);
    }

    /** The webhook's one delivery as "status dispatch_seq". */
    private static String deliveryState(String webhookId) throws Exception {
        try (var c = SharedInfra.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT status, dispatch_seq FROM delivery WHERE webhook_id = ?")) {
            ps.setString(1, webhookId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getInt(2) : "none";
            }
        }
    }

    @Test
    void aDuplicateEventIdIsDeliveredOnce() {
        String list = "list_" + UUID.randomUUID();
        JsonNode hook = api.createWebhook(list, url("/dup"), List.of("contact.subscribed", "contact.cleaned"));
        String id = "e-dup-" + UUID.randomUUID();
        broker.sendText("contact.events", event(id, "contact.subscribed", list, ""));
        broker.sendText("contact.events", event(id, "contact.subscribed", list, ""));
        broker.sendBytes("contact.events", event(id, "contact.subscribed", list, "").getBytes(StandardCharsets.UTF_8));
        // a later event: once it has arrived, the duplicates before it have been processed
        broker.sendText("contact.events", event("e-after-" + UUID.randomUUID(), "contact.cleaned", list, ""));

        await().atMost(Duration.ofSeconds(30)).until(() -> received("/dup").size() >= 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> received("/dup").size() == 2);
        assertThat(api.deliveries(hook.get("id").asText())).hasSize(2);
    }

    @Test
    void anEventPublishedOverStompIsDeliveredWithinASecond() {
        String list = "list_" + UUID.randomUUID();
        api.createWebhook(list, url("/stomp"), List.of("contact.subscribed"));
        long start = System.nanoTime();
        Broker.sendStomp(SharedInfra.stompPort(), "contact.events", event("e-stomp-" + UUID.randomUUID(), "contact.subscribed", list, ""));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> received("/stomp").size() == 1);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).as("publish to receipt, ms").isLessThan(1000);
    }
}
