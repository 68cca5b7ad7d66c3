package io.hookline.it;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.LogCapture;
import io.hookline.support.WireMockTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a delivery logs: never the event body, the receiver's answer or the secret at INFO, and
 * every line on a delivery thread with the eventId, deliveryId and webhookId in the MDC.
 */
class LogHygieneIT extends WireMockTestSupport {

    @Test
    void aSucceededAndAFailedDeliveryLogNoBodyNoAnswerNoSecretAndCarryTheirIdsInTheMdc() {
        String list = "list_" + UUID.randomUUID();
        String bodyMarker = "body-marker-" + UUID.randomUUID();
        String answerMarker = "answer-marker-" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo("/ok/" + list)).willReturn(aResponse().withStatus(200).withBody("ok " + answerMarker)));
        receiver.stubFor(post(urlEqualTo("/fail/" + list)).willReturn(aResponse().withStatus(500).withBody("boom " + answerMarker)));

        try (LogCapture logs = LogCapture.begin()) {
            JsonNode ok = api.createWebhook(list, url("/ok/" + list), List.of("contact.subscribed"));
            JsonNode fail = api.createWebhook(list, url("/fail/" + list), List.of("contact.subscribed"));
            String eventId = "e-" + UUID.randomUUID();
            broker.sendText("contact.events", EventDeliveryIT.event(eventId, "subscribe", list,
                    ",\"reason\":\"" + bodyMarker + "\"").replace("\"Ann\"", "\"" + bodyMarker + "\""));

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "succeeded".equals(api.deliveries(ok.get("id").asText()).path(0).path("status").asText())
                            && api.deliveries(fail.get("id").asText()).path(0).path("attemptCount").asInt() >= 3);
            // the last line of the failed delivery is written after its state is recorded
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.text().contains("next attempt at")));

            List<LogCapture.Line> info = logs.lines().stream().filter(l -> l.level().isGreaterOrEqual(Level.INFO)).toList();
            assertThat(info).noneSatisfy(l -> assertThat(l.text()).contains(bodyMarker));
            assertThat(info).noneSatisfy(l -> assertThat(l.text()).contains(answerMarker));
            for (JsonNode hook : List.of(ok, fail)) {
                String key = hook.get("secret").asText().substring("whsec_".length());
                assertThat(logs.all()).doesNotContain(key);
            }

            List<LogCapture.Line> deliveryLines = info.stream()
                    .filter(l -> l.thread().contains("webhook.deliveries")).toList();
            assertThat(deliveryLines).as("lines logged on delivery threads").hasSizeGreaterThanOrEqualTo(4);
            assertThat(deliveryLines).allSatisfy(l -> assertThat(l.mdc())
                    .as("MDC of: %s", l.text())
                    .containsKeys("eventId", "deliveryId", "webhookId")
                    .containsEntry("eventId", eventId));
            assertThat(deliveryLines).anySatisfy(l -> assertThat(l.mdc()).containsEntry("webhookId", ok.get("id").asText()));
            assertThat(deliveryLines).anySatisfy(l -> assertThat(l.mdc()).containsEntry("webhookId", fail.get("id").asText()));
        }
    }
}
