package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.WireMockTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.hookline.support.SignedRequests.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replay (retry of one delivery, recovery of a webhook's failed deliveries since a time), test
 * events and secret rotation, against the running application and a WireMock receiver.
 */
class ReplayIT extends WireMockTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void tune(Properties p) {
        // one quick retry, then dead
        p.setProperty("hookline.delivery.retry-schedule", "300ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "1000");
    }

    private void answer(String path, int status) {
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
    }

    private List<LoggedRequest> received(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private String publish(String list) {
        String id = "e-replay-" + UUID.randomUUID();
        Response r = api.call("POST", "/api/events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return id;
    }

    private void awaitStatuses(String webhookId, String status, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/webhooks/" + webhookId
                + "/deliveries?status=" + status).json().path("items").size() == count);
    }

    private static String path() {
        return "/r-" + UUID.randomUUID();
    }

    private static String list() {
        return "list_" + UUID.randomUUID();
    }

    private static void assertProblem(Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    // ---------------------------------------------------------------- retry

    @Test
    void retryOfADeadDeliveryDeliversItAgainNowWithTheSameWebhookId() {
        String path = path();
        answer(path, 500);
        String list = list();
        String hook = api.createWebhook(list, url(path), List.of("contact.subscribed")).get("id").asText();
        publish(list);
        awaitStatuses(hook, "dead", 1);
        String deliveryId = api.deliveries(hook).get(0).get("id").asText();
        int attemptsBefore = api.delivery(deliveryId).get("attemptCount").asInt();
        assertThat(attemptsBefore).isEqualTo(2);

        answer(path, 200);
        Response r = api.call("POST", "/api/deliveries/" + deliveryId + "/retry", null);

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("id").asText()).isEqualTo(deliveryId);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "succeeded".equals(api.delivery(deliveryId).get("status").asText()));
        JsonNode delivery = api.delivery(deliveryId);
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(attemptsBefore + 1);
        assertThat(delivery.get("attempts")).hasSize(attemptsBefore + 1);
        assertThat(delivery.get("attempts").get(attemptsBefore).get("statusCode").asInt()).isEqualTo(200);
        assertThat(received(path)).hasSize(attemptsBefore + 1)
                .allSatisfy(req -> assertThat(req.getHeader("webhook-id")).isEqualTo(deliveryId));
    }

    @Test
    void retryOfASucceededDeliverySendsItOnceMore() {
        String path = path();
        answer(path, 204);
        String list = list();
        String hook = api.createWebhook(list, url(path), List.of("contact.subscribed")).get("id").asText();
        publish(list);
        awaitStatuses(hook, "succeeded", 1);
        String deliveryId = api.deliveries(hook).get(0).get("id").asText();

        assertThat(api.call("POST", "/api/deliveries/" + deliveryId + "/retry", null).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> received(path).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.delivery(deliveryId).get("attemptCount").asInt() == 2
                && "succeeded".equals(api.delivery(deliveryId).get("status").asText()));
    }

    @Test
    void aReplayedSuccessThatThenFailsKeepsTheSuccessFirstInItsAttempts() {
        String path = path();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("thanks")));
        String list = list();
        String hook = api.createWebhook(list, url(path), List.of("contact.subscribed")).get("id").asText();
        publish(list);
        awaitStatuses(hook, "succeeded", 1);
        String deliveryId = api.deliveries(hook).get(0).get("id").asText();
        JsonNode success = api.delivery(deliveryId).get("attempts").get(0);

        answer(path, 500);
        assertThat(api.call("POST", "/api/deliveries/" + deliveryId + "/retry", null).status()).isEqualTo(202);
        awaitStatuses(hook, "dead", 1);

        JsonNode attempts = api.delivery(deliveryId).get("attempts");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(0)).as("the first success, as listed before the replay").isEqualTo(success);
        assertThat(success.get("statusCode").asInt()).isEqualTo(200);
        assertThat(success.get("responseExcerpt").asText()).isEqualTo("thanks");
        for (int i = 0; i < 3; i++) {
            assertThat(attempts.get(i).get("attempt").asInt()).isEqualTo(i + 1);
        }
        assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(500);
        assertThat(attempts.get(2).get("statusCode").asInt()).isEqualTo(500);
        assertThat(received(path)).hasSize(3);
    }

    @Test
    void retryOfAnUnknownDeliveryIs404AndOfADisabledWebhooksDeliveryIs409() {
        assertProblem(api.call("POST", "/api/deliveries/msg_nope/retry", null), 404);

        String path = path();
        answer(path, 500);
        String list = list();
        String hook = api.createWebhook(list, url(path), List.of("contact.subscribed")).get("id").asText();
        publish(list);
        awaitStatuses(hook, "dead", 1);
        String deliveryId = api.deliveries(hook).get(0).get("id").asText();
        api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\":false}");
        int before = received(path).size();

        assertProblem(api.call("POST", "/api/deliveries/" + deliveryId + "/retry", null), 409);
        assertThat(api.delivery(deliveryId).get("status").asText()).isEqualTo("dead");
        assertThat(received(path)).hasSize(before);
    }

    // ---------------------------------------------------------------- recover

    @Test
    void recoverRequeuesTheDeadDeliveriesCreatedSinceTheTimeAndAnswersHowMany() {
        String path = path();
        answer(path, 503);
        String list = list();
        String hook = api.createWebhook(list, url(path), List.of("contact.subscribed")).get("id").asText();
        publish(list);
        awaitStatuses(hook, "dead", 1);
        String older = api.deliveries(hook).get(0).get("id").asText();
        Instant since = Instant.now();
        publish(list);
        publish(list);
        awaitStatuses(hook, "dead", 3);

        answer(path, 200);
        Response r = api.call("POST", "/api/webhooks/" + hook + "/recover?since=" + since, null);

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("requeued").asInt()).isEqualTo(2);
        awaitStatuses(hook, "succeeded", 2);
        assertThat(api.delivery(older).get("status").asText()).as("created before since").isEqualTo("dead");
        Set<String> ids = new HashSet<>();
        for (LoggedRequest req : received(path)) {
            ids.add(req.getHeader("webhook-id"));
        }
        assertThat(ids).as("every attempt of the three deliveries, under their own ids").hasSize(3);

        Response again = api.call("POST", "/api/webhooks/" + hook + "/recover?since=2020-01-01T00:00:00Z", null);
        assertThat(again.json().get("requeued").asInt()).isEqualTo(1);
        awaitStatuses(hook, "succeeded", 3);
    }

    @Test
    void recoverWithoutOrWithAMalformedSinceIs400AndOfAnUnknownWebhookIs404() {
        String list = list();
        String hook = api.createWebhook(list, url(path()), List.of("contact.subscribed")).get("id").asText();
        for (String query : List.of("", "?since=", "?since=yesterday", "?since=2026-11-28T06:20:37", "?since=2026-02-30T00:00:00Z")) {
            Response r = api.call("POST", "/api/webhooks/" + hook + "/recover" + query, null);
            assertProblem(r, 400);
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("since");
        }
        assertProblem(api.call("POST", "/api/webhooks/wh_nope/recover?since=2026-11-28T06:20:37Z", null), 404);
    }

    // ---------------------------------------------------------------- test events

    @Test
    void testSendsAWebhookTestEventToThatWebhookAloneAndAnswersTheDelivery() throws Exception {
        String path = path();
        String otherPath = path();
        answer(path, 200);
        answer(otherPath, 200);
        String list = list();
        JsonNode hook = api.createWebhook(list, url(path), List.of("contact.subscribed"));
        String hookId = hook.get("id").asText();
        api.createWebhook(list, url(otherPath), List.of("contact.subscribed"));

        Response r = api.call("POST", "/api/webhooks/" + hookId + "/test", null);

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String deliveryId = r.json().get("id").asText();
        assertThat(deliveryId).startsWith("msg_");
        assertThat(r.json().get("eventType").asText()).isEqualTo("webhook.test");
        await().atMost(Duration.ofSeconds(30)).until(() -> received(path).size() == 1);
        LoggedRequest req = received(path).get(0);
        assertThat(req.getHeader("webhook-id")).isEqualTo(deliveryId);
        assertThat(verifies(hook.get("secret").asText(), req)).isTrue();
        JsonNode body = JSON.readTree(req.getBodyAsString());
        assertThat(body.get("type").asText()).isEqualTo("webhook.test");
        assertThat(body.at("/data/webhookId").asText()).isEqualTo(hookId);
        assertThat(body.at("/data/listId").asText()).isEqualTo(list);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "succeeded".equals(api.delivery(deliveryId).get("status").asText()));
        assertThat(received(otherPath)).as("the other webhook of the list").isEmpty();
        assertThat(api.deliveries(hookId)).hasSize(1);
    }

    @Test
    void testOfAnUnknownWebhookIs404AndOfADisabledOneIs409() {
        assertProblem(api.call("POST", "/api/webhooks/wh_nope/test", null), 404);
        String hook = api.createWebhook(list(), url(path()), List.of("contact.subscribed"), java.util.Map.of("enabled", false))
                .get("id").asText();
        assertProblem(api.call("POST", "/api/webhooks/" + hook + "/test", null), 409);
        assertThat(api.deliveries(hook)).isEmpty();
    }

    // ---------------------------------------------------------------- secret rotation

    @Test
    void afterARotationEachDeliveryVerifiesWithTheOldAndTheNewSecretAndASecondRotationRetiresTheOldest() {
        String path = path();
        answer(path, 200);
        String list = list();
        JsonNode hook = api.createWebhook(list, url(path), List.of("contact.subscribed"));
        String hookId = hook.get("id").asText();
        String first = hook.get("secret").asText();

        Response rotated = api.call("POST", "/api/webhooks/" + hookId + "/secret/rotate", null);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String second = rotated.json().get("secret").asText();
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        Instant expires = Instant.parse(rotated.json().get("previousSecretExpiresAt").asText());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(api.get("/api/webhooks/" + hookId + "/secret").json().get("secret").asText()).isEqualTo(second);
        assertThat(api.get("/api/webhooks/" + hookId).body()).doesNotContain(second).doesNotContain(first);

        publish(list);
        await().atMost(Duration.ofSeconds(30)).until(() -> received(path).size() == 1);
        LoggedRequest signedTwice = received(path).get(0);
        assertThat(signedTwice.getHeader("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifies(first, signedTwice)).as("old secret").isTrue();
        assertThat(verifies(second, signedTwice)).as("new secret").isTrue();

        String third = api.call("POST", "/api/webhooks/" + hookId + "/secret/rotate", null).json().get("secret").asText();
        publish(list);
        await().atMost(Duration.ofSeconds(30)).until(() -> received(path).size() == 2);
        LoggedRequest afterSecond = received(path).stream()
                .filter(req -> !req.getHeader("webhook-id").equals(signedTwice.getHeader("webhook-id")))
                .findFirst().orElseThrow();
        assertThat(verifies(third, afterSecond)).isTrue();
        assertThat(verifies(second, afterSecond)).isTrue();
        assertThat(verifies(first, afterSecond)).as("the first secret is retired").isFalse();
    }

    @Test
    void onceTheOverlapIsOverOnlyTheNewSecretSigns() throws Exception {
        String path = path();
        answer(path, 200);
        JsonNode hook = api.createWebhook(list(), url(path), List.of("contact.subscribed"));
        String hookId = hook.get("id").asText();
        String second = api.call("POST", "/api/webhooks/" + hookId + "/secret/rotate", null).json().get("secret").asText();
        // the overlap ends: as if 24 hours had passed
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(io.hookline.support.SharedInfra.jdbcUrl());
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "UPDATE webhook SET previous_secret_until = now() - interval '1 second' WHERE id = ?")) {
            ps.setString(1, hookId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        api.call("POST", "/api/webhooks/" + hookId + "/test", null);

        await().atMost(Duration.ofSeconds(30)).until(() -> received(path).size() == 1);
        LoggedRequest req = received(path).get(0);
        assertThat(req.getHeader("webhook-signature").split(" ")).hasSize(1);
        assertThat(verifies(second, req)).isTrue();
        assertThat(verifies(hook.get("secret").asText(), req)).isFalse();
    }

    @Test
    void rotatingTheSecretOfAnUnknownWebhookIs404() {
        assertProblem(api.call("POST", "/api/webhooks/wh_nope/secret/rotate", null), 404);
    }
}
