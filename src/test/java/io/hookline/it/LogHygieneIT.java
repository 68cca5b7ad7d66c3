package io.hookline.it;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.LogCapture;
import io.hookline.support.SharedInfra;
import io.hookline.support.WireMockTestSupport;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a delivery logs: never the event body, the receiver's answer or the secret at INFO, and
 * every line on a delivery thread with the eventId, deliveryId and webhookId in the MDC.
 */
class LogHygieneIT extends WireMockTestSupport {

    private static final Pattern DELIVERY_ID = Pattern.compile("msg_[A-Za-z0-9]+");

    @Override
    protected void tune(Properties p) {
        // a failed delivery comes back within a second, so a skip is seen soon
        p.setProperty("hookline.delivery.retry-schedule", "1s,1s");
    }

    private static List<LogCapture.Line> onDeliveryThreads(LogCapture logs) {
        return logs.lines().stream().filter(l -> l.thread().contains("webhook-deliveries")).toList();
    }

    /** Consumer threads are reused: a line naming a delivery must carry that delivery's ids, not a previous one's. */
    private static void assertNoLineCarriesAnotherDeliverysIds(LogCapture logs) {
        for (LogCapture.Line l : onDeliveryThreads(logs)) {
            Matcher m = DELIVERY_ID.matcher(l.text());
            if (m.find() && l.mdc().containsKey("deliveryId")) {
                assertThat(l.mdc()).as("MDC of: %s", l.text()).containsEntry("deliveryId", m.group());
            }
        }
    }

    private static LogCapture.Line awaitLine(LogCapture logs, String text, String deliveryId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines().stream()
                .anyMatch(l -> l.text().contains(text) && l.text().contains(deliveryId)));
        return logs.lines().stream().filter(l -> l.text().contains(text) && l.text().contains(deliveryId)).findFirst().orElseThrow();
    }

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
                    .filter(l -> l.thread().contains("webhook-deliveries")).toList();
            // the failed delivery's three attempts (the first and two in-process retries); a success logs at DEBUG only
            assertThat(deliveryLines).as("lines logged on delivery threads").hasSizeGreaterThanOrEqualTo(3);
            assertThat(deliveryLines).allSatisfy(l -> assertThat(l.mdc())
                    .as("MDC of: %s", l.text())
                    .containsKeys("eventId", "deliveryId", "webhookId")
                    .containsEntry("eventId", eventId));
            assertThat(deliveryLines).anySatisfy(l -> assertThat(l.mdc()).containsEntry("webhookId", fail.get("id").asText()));
            assertNoLineCarriesAnotherDeliverysIds(logs);
        }
    }

    @Test
    void aSkippedDeliveryLogsItsLineWithItsIdsInTheMdc() {
        String list = "list_" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo("/pause/" + list)).willReturn(aResponse().withStatus(400)));
        String hook = api.createWebhook(list, url("/pause/" + list), List.of("contact.subscribed")).get("id").asText();

        try (LogCapture logs = LogCapture.begin()) {
            String eventId = "e-" + UUID.randomUUID();
            broker.sendText("contact.events", EventDeliveryIT.event(eventId, "subscribe", list, ""));
            await().atMost(Duration.ofSeconds(30)).until(() -> "retrying".equals(api.deliveries(hook).path(0).path("status").asText()));
            String deliveryId = api.deliveries(hook).path(0).path("id").asText();
            api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\": false}");

            LogCapture.Line skipped = awaitLine(logs, "Skipped delivery", deliveryId);

            assertThat(skipped.mdc()).as("MDC of: %s", skipped.text())
                    .containsEntry("deliveryId", deliveryId)
                    .containsEntry("webhookId", hook)
                    .containsEntry("eventId", eventId);
            assertNoLineCarriesAnotherDeliverysIds(logs);
        }
    }

    @Test
    void aDeliveryThatCannotBeAttemptedLogsItsWarningWithItsIdsInTheMdc() throws Exception {
        String list = "list_" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo("/refuse/" + list)).willReturn(aResponse().withStatus(400)));
        String hook = api.createWebhook(list, url("/refuse/" + list), List.of("contact.subscribed"),
                java.util.Map.of("format", "form")).get("id").asText();

        try (LogCapture logs = LogCapture.begin()) {
            String eventId = "e-" + UUID.randomUUID();
            broker.sendText("contact.events", EventDeliveryIT.event(eventId, "subscribe", list, ""));
            await().atMost(Duration.ofSeconds(30)).until(() -> "retrying".equals(api.deliveries(hook).path(0).path("status").asText()));
            String deliveryId = api.deliveries(hook).path(0).path("id").asText();
            // a stored event that no longer renders as a form fails Hookline's own step before the call: no attempt
            corruptPayload(api.deliveries(hook).path(0).path("eventId").asText());

            LogCapture.Line warning = awaitLine(logs, "not attempted or not recorded", deliveryId);

            assertThat(warning.level()).isEqualTo(Level.WARN);
            assertThat(warning.mdc()).as("MDC of: %s", warning.text())
                    .containsEntry("deliveryId", deliveryId)
                    .containsEntry("webhookId", hook)
                    .containsEntry("eventId", eventId);
            assertNoLineCarriesAnotherDeliverysIds(logs);
        } finally {
            // a disabled webhook's deliveries are skipped without rendering: this one stops coming back
            api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\": false}");
        }
    }

    @Test
    void aDeliveryWhoseSecretCannotBeReadLogsAWarningWithItsIdsAndNoSecret() throws Exception {
        String list = "list_" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo("/unreadable/" + list)).willReturn(aResponse().withStatus(204)));
        String hook = api.createWebhook(list, url("/unreadable/" + list), List.of("contact.subscribed")).get("id").asText();
        // as if the row were altered or copied from another webhook: it no longer decrypts
        try (Connection c = SharedInfra.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook SET secret = 'v1:' || replace(encode(sha512(convert_to(secret, 'UTF8')), 'base64'), E'\\n', '') WHERE id = ?")) {
            ps.setString(1, hook);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (LogCapture logs = LogCapture.begin()) {
            String eventId = "e-" + UUID.randomUUID();
            broker.sendText("contact.events", EventDeliveryIT.event(eventId, "subscribe", list, ""));

            LogCapture.Line warning = awaitLine(logs, "does not decrypt", hook);

            assertThat(warning.level()).isEqualTo(Level.WARN);
            assertThat(warning.mdc()).as("MDC of: %s", warning.text())
                    .containsEntry("webhookId", hook)
                    .containsEntry("eventId", eventId);
            assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/unreadable/" + list)))).isEmpty();
        } finally {
            api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\": false}");
        }
    }

    private static void corruptPayload(String eventId) throws Exception {
        try (Connection c = SharedInfra.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE event SET payload = 'not json' WHERE id = ?")) {
            ps.setString(1, eventId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
