package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RecordingReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Once an endpoint's circuit has opened, its deliveries are parked for the cool-down (here ten
 * minutes). When the customer has fixed the endpoint, an operator's retry or recover sends them now.
 */
class OperatorRepairIT extends HooklineTestSupport {

    // one per test: the class's instance (and Hookline) is shared by its tests
    private RecordingReceiver receiver;

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.retry-schedule", "500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "3");
        // long enough that a delivery left to the cool-down misses the test's 15 seconds by far
        p.setProperty("hookline.delivery.circuit-cool-down", "10m");
        p.setProperty("hookline.delivery.circuit-max-cool-down", "10m");
    }

    @BeforeEach
    void openReceiver() {
        receiver = new RecordingReceiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    /** Eight events to a failing endpoint until its circuit opens and all eight are parked for the cool-down. */
    private String failingWebhookWithEightParkedDeliveries(Set<String> events) {
        receiver.answer(500);
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, receiver.url("/repair"), List.of("contact.subscribed")).get("id").asText();
        for (int i = 0; i < 8; i++) {
            String id = "e-repair-" + i + "-" + UUID.randomUUID();
            events.add(id);
            Response r = api.call("POST", "/api/events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
        }
        Instant coolingDown = Instant.now().plus(Duration.ofMinutes(5));
        await().alias("all eight deliveries parked for the circuit's cool-down").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    JsonNode items = api.deliveries(hook);
                    if (items.size() != 8) {
                        return false;
                    }
                    for (JsonNode d : items) {
                        JsonNode next = d.get("nextAttemptAt");
                        if (next == null || next.isNull() || Instant.parse(next.asText()).isBefore(coolingDown)) {
                            return false;
                        }
                    }
                    return true;
                });
        assertThat(receiver.received()).as("nothing delivered while the endpoint failed").isEmpty();
        return hook;
    }

    private Set<String> receivedEvents() {
        return receiver.received().stream().map(RecordingReceiver.Received::eventId).collect(Collectors.toSet());
    }

    @Test
    void recoverAfterTheEndpointIsFixedDeliversEveryParkedDeliveryAtOnceNotAfterTheCoolDown() {
        Set<String> events = new java.util.HashSet<>();
        String hook = failingWebhookWithEightParkedDeliveries(events);

        receiver.answer(204);
        Response r = api.call("POST", "/api/webhooks/" + hook + "/recover?since=2000-01-01T00:00:00Z", "");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("requeued").asInt()).isEqualTo(8);

        await().alias("all eight delivered").atMost(Duration.ofSeconds(15)).until(() -> receivedEvents().equals(events));
        assertThat(receiver.received()).as("each delivered once").hasSize(8);
    }

    @Test
    void retryOfOneParkedDeliveryAfterTheEndpointIsFixedSendsItAtOnce() {
        Set<String> events = new java.util.HashSet<>();
        String hook = failingWebhookWithEightParkedDeliveries(events);
        List<String> ids = new ArrayList<>();
        api.deliveries(hook).forEach(d -> ids.add(d.get("id").asText()));

        receiver.answer(204);
        Response r = api.call("POST", "/api/deliveries/" + ids.get(0) + "/retry", "");
        assertThat(r.status()).as(r.body()).isEqualTo(202);

        await().alias("the retried delivery received").atMost(Duration.ofSeconds(15))
                .until(() -> receiver.received().stream().anyMatch(x -> x.webhookId().equals(ids.get(0))));
        await().alias("the retried delivery succeeded").atMost(Duration.ofSeconds(15))
                .until(() -> "succeeded".equals(api.delivery(ids.get(0)).get("status").asText()));
    }
}
