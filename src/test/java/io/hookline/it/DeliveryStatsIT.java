package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RecordingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the console shows at a glance: deliveries of the last hours counted per hour by outcome
 * (GET /api/webhooks/{id}/stats), and on each webhook its failure streak and newest delivery.
 */
class DeliveryStatsIT extends HooklineTestSupport {

    private final RecordingReceiver ok = new RecordingReceiver();
    private final RecordingReceiver failing = new RecordingReceiver();

    @Override
    protected void tune(Properties p) {
        // one quick retry, then dead
        p.setProperty("hookline.delivery.retry-schedule", "300ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "1000");
    }

    @AfterAll
    void stopReceivers() {
        ok.close();
        failing.close();
    }

    private void publish(String list) {
        Response r = api.call("POST", "/api/events",
                EventDeliveryIT.event("e-stats-" + UUID.randomUUID(), "contact.subscribed", list, ""));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    private JsonNode stats(String webhookId, String query) {
        Response r = api.get("/api/webhooks/" + webhookId + "/stats" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long total(JsonNode stats, String outcome) {
        long sum = 0;
        for (JsonNode bucket : stats.get("buckets")) {
            sum += bucket.get(outcome).asLong();
        }
        return sum;
    }

    @Test
    void statsCountTheLastDaysDeliveriesPerHourByOutcome() {
        failing.answer(500);
        String list = "list_" + UUID.randomUUID();
        String good = api.createWebhook(list, ok.url("/ok"), List.of("contact.subscribed")).get("id").asText();
        String bad = api.createWebhook(list, failing.url("/bad"), List.of("contact.subscribed")).get("id").asText();
        publish(list);
        publish(list);
        publish(list);
        await().atMost(Duration.ofSeconds(30)).until(() -> total(stats(good, ""), "succeeded") == 3
                && total(stats(bad, ""), "dead") == 3);

        JsonNode s = stats(good, "");
        assertThat(s.get("webhookId").asText()).isEqualTo(good);
        assertThat(s.get("hours").asInt()).isEqualTo(24);
        JsonNode buckets = s.get("buckets");
        assertThat(buckets).hasSize(24);
        Instant last = Instant.parse(buckets.get(23).get("hour").asText());
        Instant first = Instant.parse(buckets.get(0).get("hour").asText());
        // whole UTC hours, oldest first, the current hour last (the request may cross an hour boundary)
        assertThat(last).isEqualTo(last.truncatedTo(ChronoUnit.HOURS));
        assertThat(Duration.between(first, last)).isEqualTo(Duration.ofHours(23));
        assertThat(last).isBetween(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)), Instant.now());
        assertThat(buckets.get(0).fieldNames()).toIterable()
                .containsExactly("hour", "succeeded", "retrying", "dead", "pending", "skipped");
        assertThat(total(s, "dead") + total(s, "retrying")).isZero();

        JsonNode b = stats(bad, "?hours=3");
        assertThat(b.get("buckets")).hasSize(3);
        assertThat(total(b, "dead")).isEqualTo(3);
        assertThat(total(b, "succeeded")).isZero();
    }

    @Test
    void anHourWithoutDeliveriesIsAZeroBucket() {
        String hook = api.createWebhook("list_" + UUID.randomUUID(), ok.url("/quiet"), List.of("contact.subscribed"))
                .get("id").asText();
        JsonNode s = stats(hook, "?hours=168");
        assertThat(s.get("buckets")).hasSize(168)
                .allSatisfy(bucket -> assertThat(bucket.get("succeeded").asLong() + bucket.get("dead").asLong()).isZero());
    }

    @Test
    void aWebhookShowsItsFailureStreakAndNewestDelivery() {
        failing.answer(500);
        String list = "list_" + UUID.randomUUID();
        JsonNode created = api.createWebhook(list, failing.url("/streak"), List.of("contact.subscribed"));
        assertThat(created.has("failingSince")).isTrue();
        assertThat(created.get("failingSince").isNull()).isTrue();
        assertThat(created.get("lastDeliveryAt").isNull()).isTrue();
        assertThat(created.get("lastDeliveryStatus").isNull()).isTrue();
        String hook = created.get("id").asText();

        publish(list);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "dead".equals(api.get("/api/webhooks/" + hook).json().get("lastDeliveryStatus").asText()));
        JsonNode failed = api.get("/api/webhooks/" + hook).json();
        assertThat(Instant.parse(failed.get("failingSince").asText())).isBefore(Instant.now());
        String newest = api.deliveries(hook).get(0).get("createdAt").asText();
        assertThat(Instant.parse(failed.get("lastDeliveryAt").asText())).isEqualTo(Instant.parse(newest));
        // the list answer carries the same
        JsonNode listed = api.get("/api/lists/" + list + "/webhooks").json().get("items").get(0);
        assertThat(listed.get("lastDeliveryStatus").asText()).isEqualTo("dead");
        assertThat(listed.get("failingSince").asText()).isEqualTo(failed.get("failingSince").asText());

        // resuming through the API ends the streak
        JsonNode resumed = api.call("PATCH", "/api/webhooks/" + hook, "{\"enabled\": true}").json();
        assertThat(resumed.get("failingSince").isNull()).isTrue();
        assertThat(resumed.get("lastDeliveryStatus").asText()).isEqualTo("dead");
    }

    @Test
    void hoursOutsideOneToAWeekIsA400WithTheField() {
        String hook = api.createWebhook("list_" + UUID.randomUUID(), ok.url("/h"), List.of("contact.subscribed"))
                .get("id").asText();
        for (String hours : List.of("0", "169", "x", "-1")) {
            Response r = api.get("/api/webhooks/" + hook + "/stats?hours=" + hours);
            assertThat(r.status()).as(hours).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("hours");
        }
    }

    @Test
    void statsOfAnUnknownWebhookAre404AndNeedTheKey() {
        Response unknown = api.get("/api/webhooks/wh_nope/stats");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(api.call("GET", "/api/webhooks/wh_nope/stats", null, null).status()).isEqualTo(401);
    }
}
