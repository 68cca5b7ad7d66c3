package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hookline.support.LogCapture;
import io.hookline.support.SharedInfra;
import io.hookline.support.SignedRequests;
import io.hookline.support.WireMockTestSupport;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook secrets are stored encrypted: a copy of the database does not reveal them, while
 * deliveries are signed with them (verified with the Standard Webhooks library), rotation keeps
 * signing with both, and no secret reaches the logs, the metrics or the delivery log.
 */
class SecretsAtRestIT extends WireMockTestSupport {

    private List<String> rawSecretColumns(String webhookId) throws Exception {
        try (Connection c = SharedInfra.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret, previous_secret FROM webhook WHERE id = ?")) {
            ps.setString(1, webhookId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                List<String> values = new ArrayList<>();
                values.add(rs.getString(1));
                values.add(rs.getString(2));
                return values;
            }
        }
    }

    private static String keyPart(String secret) {
        return secret.substring("whsec_".length());
    }

    private static String hex(String secret) {
        return java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(keyPart(secret)));
    }

    private List<LoggedRequest> received(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void theSecretColumnsHoldNoSecretYetDeliveriesAreSignedWithItAndRotationSignsWithBoth() throws Exception {
        String list = "list_" + UUID.randomUUID();
        String path = "/secrets/" + list;
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        try (LogCapture logs = LogCapture.begin()) {
            JsonNode hook = api.createWebhook(list, url(path), List.of("contact.subscribed"));
            String id = hook.get("id").asText();
            String first = hook.get("secret").asText();

            List<String> raw = rawSecretColumns(id);
            assertThat(raw.get(0)).startsWith("v1:").doesNotContain(first, keyPart(first), hex(first), "whsec_");
            assertThat(api.get("/api/webhooks/" + id + "/secret").json().path("secret").asText()).isEqualTo(first);

            broker.sendText("contact.events", EventDeliveryIT.event("e-" + UUID.randomUUID(), "subscribe", list, ""));
            await().atMost(Duration.ofSeconds(30)).until(() -> received(path).size() == 1);
            assertThat(SignedRequests.verifies(first, received(path).get(0))).isTrue();

            String second = api.call("POST", "/api/webhooks/" + id + "/secret/rotate", null).json().path("secret").asText();
            raw = rawSecretColumns(id);
            assertThat(raw).allSatisfy(v -> assertThat(v).startsWith("v1:"));
            assertThat(String.join(" ", raw)).doesNotContain(keyPart(first), keyPart(second), "whsec_");

            broker.sendText("contact.events", EventDeliveryIT.event("e-" + UUID.randomUUID(), "subscribe", list, ""));
            await().atMost(Duration.ofSeconds(30)).until(() -> received(path).size() == 2);
            LoggedRequest rotated = received(path).stream()
                    .filter(r -> r.getHeader("webhook-signature").contains(" ")).findFirst().orElseThrow();
            assertThat(SignedRequests.verifies(second, rotated)).as("signed with the new secret").isTrue();
            assertThat(SignedRequests.verifies(first, rotated)).as("and still with the previous one").isTrue();

            // nowhere else either: logs, metrics, the delivery log and its attempts
            String deliveryLog = api.get("/api/webhooks/" + id + "/deliveries?limit=200").body();
            StringBuilder everyDelivery = new StringBuilder(deliveryLog);
            for (JsonNode d : api.deliveries(id)) {
                everyDelivery.append(api.get("/api/deliveries/" + d.get("id").asText()).body());
            }
            String metrics = api.get("/q/metrics").body();
            for (String secret : List.of(first, second)) {
                assertThat(logs.all()).doesNotContain(keyPart(secret), hex(secret));
                assertThat(metrics).doesNotContain(keyPart(secret));
                assertThat(everyDelivery.toString()).doesNotContain(keyPart(secret));
            }
            assertThat(logs.all()).doesNotContain("v1:");
        }
    }
}
