package io.hookline.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retention route purges succeeded deliveries and their attempts once older than
 * hookline.retention.succeeded, in batches; dead ones stay until their webhook is deleted. Events
 * go once older than hookline.retention.events and none of their deliveries is left.
 */
class RetentionIT extends HooklineTestSupport {

    private static WireMockServer receiver;

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.retention.succeeded", "1s");
        p.setProperty("hookline.retention.events", "1s");
        p.setProperty("hookline.retention.interval", "300ms");
        // smaller than the number of deliveries, so one pass needs several batches
        p.setProperty("hookline.retention.batch", "2");
        p.setProperty("hookline.delivery.retry-schedule", "200ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "1000");
    }

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlEqualTo("/fail")).willReturn(aResponse().withStatus(500)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private String webhook(String list, String path) {
        return api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + path, List.of("contact.subscribed"))
                .get("id").asText();
    }

    private void publish(String list) {
        broker.sendText("contact.events", EventDeliveryIT.event("e-ret-" + UUID.randomUUID(), "contact.subscribed", list, ""));
    }

    private static int rows(String sql, String webhookId) throws SQLException {
        try (Connection c = DriverManager.getConnection(SharedInfra.jdbcUrl());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, webhookId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int attempts(String webhookId) throws SQLException {
        return rows("SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id WHERE d.webhook_id = ?", webhookId);
    }

    private static int attemptsOfDeliveries(List<String> deliveryIds) throws SQLException {
        try (Connection c = DriverManager.getConnection(SharedInfra.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM delivery_attempt WHERE delivery_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", deliveryIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void succeededDeliveriesAndTheirAttemptsArePurgedOnceOlderThanTheRetentionWhileDeadOnesStay() throws Exception {
        String list = "list_" + UUID.randomUUID();
        String ok = webhook(list, "/ok");
        String failing = webhook(list, "/fail");
        for (int i = 0; i < 5; i++) {
            publish(list);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/ok"))).stream()
                .filter(r -> r.getBodyAsString().contains(list)).count() == 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/webhooks/" + failing
                + "/deliveries?status=dead").json().get("items").size() == 5);
        List<String> delivered = receiver.findAll(postRequestedFor(urlEqualTo("/ok"))).stream()
                .filter(r -> r.getBodyAsString().contains(list))
                .map(r -> r.getHeader("webhook-id"))
                .toList();

        await().atMost(Duration.ofSeconds(20)).until(() -> api.deliveries(ok).isEmpty());
        for (String id : delivered) {
            assertThat(api.get("/api/deliveries/" + id).status()).isEqualTo(404);
        }
        assertThat(attemptsOfDeliveries(delivered)).as("attempts go with their delivery").isZero();

        // dead deliveries outlive several more retention passes, with their attempts
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                api.get("/api/webhooks/" + failing + "/deliveries?status=dead").json().get("items").size() == 5);
        assertThat(attempts(failing)).isEqualTo(10);
    }

    private long received(String eventId) {
        return receiver.findAll(postRequestedFor(urlEqualTo("/ok"))).stream()
                .filter(r -> r.getBodyAsString().contains(eventId)).count();
    }

    @Test
    void eventsArePurgedOnceNoDeliveryIsLeftAndAnIdPublishedAgainAfterThatIsANewEvent() throws Exception {
        String delivered = "e-ret-" + UUID.randomUUID();
        String deadEvent = "e-ret-" + UUID.randomUUID();
        String okList = "list_" + UUID.randomUUID();
        String failingList = "list_" + UUID.randomUUID();
        webhook(okList, "/ok");
        String failing = webhook(failingList, "/fail");
        broker.sendText("contact.events", EventDeliveryIT.event(delivered, "contact.subscribed", okList, ""));
        broker.sendText("contact.events", EventDeliveryIT.event(deadEvent, "contact.subscribed", failingList, ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(delivered) == 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> rows("SELECT count(*) FROM event WHERE id = ?", delivered) == 0);

        // an event whose delivery is dead stays: a replay needs its body
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/webhooks/" + failing
                + "/deliveries?status=dead").json().get("items").size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                rows("SELECT count(*) FROM event WHERE id = ?", deadEvent) == 1);

        // past the de-duplication window the same id is delivered again
        broker.sendText("contact.events", EventDeliveryIT.event(delivered, "contact.subscribed", okList, ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(delivered) == 2);
    }

    @Test
    void deletingAWebhookLetsRetentionPurgeItsDeadDeliveries() throws Exception {
        String list = "list_" + UUID.randomUUID();
        String failing = webhook(list, "/fail");
        publish(list);
        publish(list);
        publish(list);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/webhooks/" + failing
                + "/deliveries?status=dead").json().get("items").size() == 3);
        List<String> dead = api.deliveries(failing).findValues("id").stream().map(n -> n.asText()).toList();

        assertThat(api.call("DELETE", "/api/webhooks/" + failing, null).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).until(() -> rows("SELECT count(*) FROM delivery WHERE webhook_id = ?", failing) == 0);
        for (String id : dead) {
            assertThat(api.get("/api/deliveries/" + id).status()).isEqualTo(404);
        }
        assertThat(attemptsOfDeliveries(dead)).isZero();
    }
}
