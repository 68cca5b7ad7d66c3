package io.hookline.it;

import io.hookline.support.ApiClient;
import io.hookline.support.Broker;
import io.hookline.support.RecordingReceiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load of a fault test and its ledger: one list with a few webhooks at a recording
 * receiver, events published in rounds, and the check that every (event, webhook) pair arrived,
 * a pair received twice always with the same webhook-id.
 */
final class FaultLoad {

    final RecordingReceiver receiver = new RecordingReceiver();
    private final String list = "list_" + UUID.randomUUID();
    private final List<String> paths = List.of("/fault/a", "/fault/b", "/fault/c");
    private final List<String> hooks = new ArrayList<>();
    private int published;

    /** Settings of every fault test: a short lease and retry schedule, so recovery comes within seconds. */
    static void tune(java.util.Properties p) {
        p.setProperty("hookline.delivery.lease", "3s");
        p.setProperty("hookline.delivery.retry-schedule", "1s,1s,2s,2s,4s");
        p.setProperty("hookline.delivery.circuit-cool-down", "1s");
        p.setProperty("hookline.delivery.circuit-max-cool-down", "2s");
    }

    FaultLoad(ApiClient api) {
        for (String p : paths) {
            hooks.add(api.createWebhook(list, receiver.url(p), List.of("contact.subscribed")).get("id").asText());
        }
    }

    List<String> webhookIds() {
        return hooks;
    }

    void publish(Broker broker, int events) {
        for (int i = 0; i < events; i++) {
            broker.sendText("contact.events", EventDeliveryIT.event("e-fault-" + published++ + "-" + UUID.randomUUID(),
                    "contact.subscribed", list, ""));
        }
    }

    int expected() {
        return published * paths.size();
    }

    int deliveredPairs() {
        return receiver.pairs().size();
    }

    void awaitDelivered(int atLeast) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> deliveredPairs() >= atLeast);
    }

    /** Everything published arrived; a duplicate carried its original's webhook-id. Returns the duplicates. */
    long awaitAllDelivered(Duration within) {
        int expected = expected();
        await().atMost(within).until(() -> deliveredPairs() == expected);
        Map<String, Set<String>> ids = receiver.webhookIdsByPair();
        assertThat(ids).hasSize(expected);
        assertThat(ids.values()).as("a redelivered pair keeps its webhook-id").allMatch(s -> s.size() == 1);
        return receiver.received().size() - expected;
    }

    void close() {
        receiver.close();
    }
}
