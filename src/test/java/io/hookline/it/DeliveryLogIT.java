package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hookline.support.ApiClient.Response;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The delivery log: keyset pages that stay correct while deliveries arrive, filters, and 400s for bad parameters. */
class DeliveryLogIT extends HooklineTestSupport {

    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private void publish(String list, int n) {
        for (int i = 0; i < n; i++) {
            broker.sendText("contact.events", EventDeliveryIT.event("e-log-" + UUID.randomUUID(), "contact.subscribed", list, ""));
        }
    }

    private void awaitDeliveries(String hook, String status, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/webhooks/" + hook + "/deliveries?limit=200"
                + (status == null ? "" : "&status=" + status)).json().get("items").size() == n);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }

    @Test
    void pagingOnWhileNewDeliveriesArriveNeitherRepeatsNorMissesAny() {
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/ok", List.of("contact.subscribed"))
                .get("id").asText();
        publish(list, 5);
        awaitDeliveries(hook, "succeeded", 5);
        List<String> before = ids(api.get("/api/webhooks/" + hook + "/deliveries").json());

        JsonNode first = api.get("/api/webhooks/" + hook + "/deliveries?limit=2").json();
        publish(list, 4);
        awaitDeliveries(hook, "succeeded", 9);
        List<String> paged = new ArrayList<>(ids(first));
        String cursor = first.get("nextCursor").asText();
        while (cursor != null) {
            JsonNode page = api.get("/api/webhooks/" + hook + "/deliveries?limit=2&cursor=" + cursor).json();
            paged.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        }

        assertThat(paged).as("the pages continue where the first one was, not shifted by the new deliveries")
                .containsExactlyElementsOf(before);
        List<String> now = ids(api.get("/api/webhooks/" + hook + "/deliveries").json());
        assertThat(now).hasSize(9).endsWith(before.toArray(String[]::new));
        assertThat(new HashSet<>(now.subList(0, 4))).doesNotContainAnyElementsOf(before);
    }

    @Test
    void theStatusFilterPagesOnlyThroughThatStatus() {
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/ok", List.of("contact.subscribed"))
                .get("id").asText();
        publish(list, 3);
        awaitDeliveries(hook, "succeeded", 3);
        api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\":false}");
        publish(list, 2);
        awaitDeliveries(hook, "skipped", 2);

        JsonNode page = api.get("/api/webhooks/" + hook + "/deliveries?status=succeeded&limit=2").json();
        JsonNode rest = api.get("/api/webhooks/" + hook + "/deliveries?status=succeeded&limit=2&cursor="
                + page.get("nextCursor").asText()).json();

        assertThat(ids(page)).hasSize(2);
        assertThat(ids(rest)).hasSize(1);
        assertThat(rest.get("nextCursor").isNull()).isTrue();
        page.get("items").forEach(d -> assertThat(d.get("status").asText()).isEqualTo("succeeded"));
        rest.get("items").forEach(d -> assertThat(d.get("status").asText()).isEqualTo("succeeded"));
        JsonNode skipped = api.get("/api/webhooks/" + hook + "/deliveries?status=skipped").json();
        assertThat(ids(skipped)).hasSize(2);
    }

    @Test
    void everyAttemptOfADeliveryIsListedWithItsOutcome() {
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/gone", List.of("contact.subscribed"))
                .get("id").asText();
        publish(list, 1);
        awaitDeliveries(hook, "dead", 1);

        JsonNode d = api.delivery(api.deliveries(hook).get(0).get("id").asText());

        assertThat(d.get("attempts")).hasSize(d.get("attemptCount").asInt());
        JsonNode last = d.get("attempts").get(d.get("attempts").size() - 1);
        assertThat(last.get("statusCode").asInt()).isEqualTo(410);
        assertThat(d.get("lastStatusCode").asInt()).isEqualTo(410);
    }

    @Test
    void aSuccessAfterTwoFailedAttemptsIsListedAfterThemWithItsAnswer() {
        String path = "/flaky-" + UUID.randomUUID();
        String scenario = "flaky " + path;
        // the attempt and its in-process retries: two 500s, then the receiver's answer
        receiver.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("down")).willSetStateTo("once"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(500).withBody("down")).willSetStateTo("twice"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("twice")
                .willReturn(aResponse().withStatus(201).withBody("{\"stored\":true}")));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + path, List.of("contact.subscribed"))
                .get("id").asText();
        publish(list, 1);
        awaitDeliveries(hook, "succeeded", 1);

        JsonNode d = api.delivery(api.deliveries(hook).get(0).get("id").asText());

        assertThat(d.get("attemptCount").asInt()).isEqualTo(3);
        assertThat(d.get("lastStatusCode").asInt()).isEqualTo(201);
        JsonNode attempts = d.get("attempts");
        assertThat(attempts).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(attempts.get(i).get("attempt").asInt()).isEqualTo(i + 1);
            assertThat(attempts.get(i).get("durationMs").asInt()).isNotNegative();
        }
        assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(500);
        assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(500);
        assertThat(attempts.get(1).get("error").asText()).isEqualTo("HTTP 500");
        JsonNode success = attempts.get(2);
        assertThat(success.get("statusCode").asInt()).isEqualTo(201);
        assertThat(success.get("responseExcerpt").asText()).isEqualTo("{\"stored\":true}");
        assertThat(success.get("error").isNull()).isTrue();
        assertThat(Instant.parse(success.get("startedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(attempts.get(1).get("startedAt").asText()));
        assertThat(success.fieldNames()).toIterable()
                .containsExactly("attempt", "startedAt", "durationMs", "statusCode", "responseExcerpt", "error");
    }

    @Test
    void aDeliveryThatSucceededBeforeTheSuccessMovedIntoItsRowListsItsAttemptsAsBefore() throws Exception {
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/ok", List.of("contact.subscribed"))
                .get("id").asText();
        String event = "e-log-" + UUID.randomUUID();
        String delivery = "msg_old" + UUID.randomUUID().toString().replace("-", "");
        Instant started = Instant.parse("2026-01-02T03:04:05.123456Z");
        // as a version before V9 wrote it: the success is an attempt row, the delivery row holds none
        sql("INSERT INTO event (id, type, list_id, occurred_at, payload, fanned_out) VALUES (?, 'contact.subscribed', ?, now(), '{}', true)",
                event, list);
        sql("INSERT INTO delivery (id, webhook_id, event_id, event_type, status, attempt_count, dispatch_seq, last_status_code, "
                + "created_at, completed_at) VALUES (?, ?, ?, 'contact.subscribed', 'succeeded', 2, 2, 200, now(), now())",
                delivery, hook, event);
        sql("INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error) "
                + "VALUES (?, 1, ?, 31, 503, 'busy', 'HTTP 503'), (?, 2, ?, 12, 200, 'fine', NULL)",
                delivery, Timestamp.from(started), delivery, Timestamp.from(started.plusSeconds(60)));

        JsonNode attempts = api.delivery(delivery).get("attempts");

        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).toString()).isEqualTo("{\"attempt\":1,\"startedAt\":\"2026-01-02T03:04:05.123456Z\","
                + "\"durationMs\":31,\"statusCode\":503,\"responseExcerpt\":\"busy\",\"error\":\"HTTP 503\"}");
        assertThat(attempts.get(1).toString()).isEqualTo("{\"attempt\":2,\"startedAt\":\"2026-01-02T03:05:05.123456Z\","
                + "\"durationMs\":12,\"statusCode\":200,\"responseExcerpt\":\"fine\",\"error\":null}");
    }

    private static void sql(String statement, Object... params) throws Exception {
        try (Connection c = SharedInfra.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void malformedQueryParametersAre400ProblemsNamingTheParameter() {
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/ok", List.of("contact.subscribed"))
                .get("id").asText();
        String[][] cases = {
                {"limit=0", "limit"}, {"limit=201", "limit"}, {"limit=ten", "limit"}, {"limit=-1", "limit"},
                {"status=lost", "status"}, {"cursor=not-a-cursor", "cursor"}, {"cursor=%00%ff", "cursor"}};
        for (String[] c : cases) {
            Response r = api.get("/api/webhooks/" + hook + "/deliveries?" + c[0]);
            assertThat(r.status()).as("%s: %s", c[0], r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo(c[1]);
        }
        assertThat(api.get("/api/webhooks/wh_nope/deliveries").status()).isEqualTo(404);
    }
}
