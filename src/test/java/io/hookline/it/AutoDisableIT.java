package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.WireMockTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A webhook failing for longer than hookline.delivery.disable-after is disabled with a reason;
 * what arrives meanwhile is skipped; PATCH enabled=true resumes it with a fresh failure streak,
 * and recover delivers the skipped deliveries.
 */
class AutoDisableIT extends WireMockTestSupport {

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.disable-after", "2s");
        // a long schedule of short waits: failing for a while without running out of retries
        p.setProperty("hookline.delivery.retry-schedule", String.join(",", java.util.Collections.nCopies(40, "300ms")));
        p.setProperty("hookline.delivery.retry-jitter", "0");
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "1000");
    }

    private String publish(String list) {
        String id = "e-disable-" + UUID.randomUUID();
        broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
        return id;
    }

    private JsonNode deliveryOf(String webhookId, String eventId) {
        for (JsonNode d : api.deliveries(webhookId)) {
            if (d.get("eventId").asText().equals(eventId)) {
                return d;
            }
        }
        return null;
    }

    private String statusOf(String webhookId, String eventId) {
        JsonNode d = deliveryOf(webhookId, eventId);
        return d == null ? null : d.get("status").asText();
    }

    @Test
    void aFailingWebhookIsDisabledItsNewDeliveriesSkippedAndResumingThenRecoveringDeliversThem() {
        String path = "/down-" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(500)));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + path,
                List.of("contact.subscribed")).get("id").asText();
        Instant start = Instant.now();
        String failing = publish(list);

        await().atMost(Duration.ofSeconds(20)).until(() -> !api.get("/api/webhooks/" + hook).json().get("enabled").asBoolean());
        JsonNode disabled = api.get("/api/webhooks/" + hook).json();
        assertThat(disabled.get("disabledReason").asText()).contains("failing");
        await().atMost(Duration.ofSeconds(30)).until(() -> "skipped".equals(statusOf(hook, failing)));

        String whileDisabled = publish(list);
        await().atMost(Duration.ofSeconds(30)).until(() -> "skipped".equals(statusOf(hook, whileDisabled)));
        assertThat(deliveryOf(hook, whileDisabled).get("attemptCount").asInt()).isZero();
        assertThat(deliveryOf(hook, whileDisabled).get("lastError").asText()).isEqualTo("webhook disabled");

        // the endpoint fails once more, then recovers: with the old streak that one failure
        // would disable the webhook again at once
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        Response resumed = api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\":true}");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().get("enabled").asBoolean()).isTrue();
        assertThat(resumed.json().get("disabledReason").isNull()).isTrue();

        Response recovered = api.call("POST", "/api/webhooks/" + hook + "/recover?since=" + start, null);
        assertThat(recovered.status()).as(recovered.body()).isEqualTo(202);
        assertThat(recovered.json().get("requeued").asInt()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(statusOf(hook, failing))
                && "succeeded".equals(statusOf(hook, whileDisabled)));
        assertThat(api.get("/api/webhooks/" + hook).json().get("enabled").asBoolean())
                .as("one failure after resuming does not disable again").isTrue();
    }

    @Test
    void recoverOfADisabledWebhookIs409AndChangesNothing() {
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/unused",
                List.of("contact.subscribed"), java.util.Map.of("enabled", false)).get("id").asText();
        String id = publish(list);
        await().atMost(Duration.ofSeconds(30)).until(() -> "skipped".equals(statusOf(hook, id)));

        Response r = api.call("POST", "/api/webhooks/" + hook + "/recover?since=2020-01-01T00:00:00Z", null);

        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(statusOf(hook, id)).isEqualTo("skipped");
    }
}
