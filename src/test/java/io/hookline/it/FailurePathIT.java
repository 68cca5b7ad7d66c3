package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hookline.support.Broker;
import io.hookline.support.WireMockTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Failed attempts are recorded, retried in-process and on the schedule, and end dead or disable the webhook. */
class FailurePathIT extends WireMockTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.retry-schedule", "1s,1s");
        p.setProperty("hookline.delivery.redeliveries", "2");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "100");
    }

    private String publish(String list, String type) {
        String id = "e-" + UUID.randomUUID();
        broker.sendText("contact.events", EventDeliveryIT.event(id, type, list, ""));
        return id;
    }

    private JsonNode onlyDelivery(String webhookId) {
        JsonNode items = api.deliveries(webhookId);
        assertThat(items).hasSize(1);
        return api.delivery(items.get(0).get("id").asText());
    }

    private JsonNode awaitStatus(String webhookId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = api.deliveries(webhookId);
            return items.size() == 1 && status.equals(items.get(0).get("status").asText());
        });
        return onlyDelivery(webhookId);
    }

    @Test
    void aReceiverFailingTwiceThenAnsweringGetsOneSuccessfulDeliveryWithThreeAttemptsRecorded() {
        receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("first failure")).willSetStateTo("second"));
        receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("thanks")));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/flaky"), List.of("contact.subscribed")).get("id").asText();

        publish(list, "contact.subscribed");

        JsonNode d = awaitStatus(hook, "succeeded");
        assertThat(d.get("attemptCount").asInt()).isEqualTo(3);
        assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
        assertThat(d.get("completedAt").isNull()).isFalse();
        JsonNode attempts = d.get("attempts");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(500);
        assertThat(attempts.get(0).get("responseExcerpt").asText()).isEqualTo("first failure");
        assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(502);
        assertThat(attempts.get(2).get("statusCode").asInt()).isEqualTo(200);
        assertThat(attempts.get(2).get("responseExcerpt").asText()).isEqualTo("thanks");
        var requests = receiver.findAll(postRequestedFor(urlEqualTo("/flaky")));
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.getHeader("webhook-id")).containsOnly(d.get("id").asText());
    }

    @Test
    void aReceiverAnswering410DisablesTheWebhookAtOnce() {
        receiver.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/gone"), List.of("contact.subscribed", "contact.cleaned")).get("id").asText();

        publish(list, "contact.subscribed");

        JsonNode d = awaitStatus(hook, "dead");
        assertThat(d.get("attemptCount").asInt()).as("no retry of a 410").isEqualTo(1);
        JsonNode webhook = api.get("/api/webhooks/" + hook).json();
        assertThat(webhook.get("enabled").asBoolean()).isFalse();
        assertThat(webhook.get("disabledReason").asText()).contains("410");

        // a later event is recorded as skipped for the disabled webhook (recoverable), not sent
        publish(list, "contact.cleaned");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.deliveries(hook).size() == 2);
        assertThat(api.deliveries(hook).get(0).get("status").asText()).isEqualTo("skipped");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/gone")))).hasSize(1);
    }

    @Test
    void exhaustingTheScheduleMakesTheDeliveryDeadWithACopyOnTheDeadQueue() throws Exception {
        receiver.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/down"), List.of("contact.subscribed")).get("id").asText();

        publish(list, "contact.subscribed");

        JsonNode d = awaitStatus(hook, "dead");
        // three rounds (first try and two scheduled retries), each with two in-process retries
        assertThat(d.get("attemptCount").asInt()).isEqualTo(9);
        assertThat(d.get("attempts")).hasSize(9);
        assertThat(d.get("nextAttemptAt").isNull()).isTrue();
        Message dead = null;
        for (int i = 0; i < 10 && dead == null; i++) {
            Message m = broker.receive("webhook.deliveries.dead", 2000);
            if (m != null && d.get("id").asText().equals(m.getStringProperty("HooklineDeliveryId"))) {
                dead = m;
            }
        }
        assertThat(dead).as("copy on webhook.deliveries.dead").isNotNull();
        JsonNode summary = JSON.readTree(Broker.text(dead));
        assertThat(summary.get("webhookId").asText()).isEqualTo(hook);
        assertThat(summary.get("attempts").asInt()).isEqualTo(9);
        assertThat(summary.get("reason").asText()).contains("exhausted");
    }

    @Test
    void deliveriesOfAWebhookDisabledWhileTheyWaitAreSkipped() {
        receiver.stubFor(post(urlEqualTo("/pause")).willReturn(aResponse().withStatus(400)));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/pause"), List.of("contact.subscribed")).get("id").asText();

        publish(list, "contact.subscribed");
        awaitStatus(hook, "retrying");
        api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\": false}");

        JsonNode d = awaitStatus(hook, "skipped");
        assertThat(d.get("attemptCount").asInt()).as("4xx: no in-process retry").isEqualTo(1);
        assertThat(d.get("lastError").asText()).contains("disabled");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/pause")))).hasSize(1);
    }

    @Test
    void retryAfterOnA429IsHonouredUpToTwiceTheScheduledDelay() {
        // asks for far more than twice the schedule's delay
        receiver.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/busy"), List.of("contact.subscribed")).get("id").asText();

        publish(list, "contact.subscribed");

        JsonNode d = awaitStatus(hook, "retrying");
        Instant attempted = Instant.parse(d.get("attempts").get(0).get("startedAt").asText());
        Instant next = Instant.parse(d.get("nextAttemptAt").asText());
        // the schedule says 1s ±20% (0.8s to 1.2s); the receiver asked for 30s, honoured up to twice
        // the jittered delay: 1.6s to 2.4s after the attempt (plus the attempt's own time)
        assertThat(Duration.between(attempted, next)).as("from the attempt to the next one")
                .isBetween(Duration.ofMillis(1550), Duration.ofMillis(3400));
        assertThat(d.get("attemptCount").asInt()).as("429: no in-process retry").isEqualTo(1);
    }

    @Test
    void redirectsAreNotFollowedAndCountAsFailures() {
        receiver.stubFor(post(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", url("/elsewhere"))));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/moved"), List.of("contact.subscribed")).get("id").asText();

        publish(list, "contact.subscribed");

        JsonNode d = awaitStatus(hook, "retrying");
        assertThat(d.get("lastStatusCode").asInt()).isEqualTo(302);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
    }
}
