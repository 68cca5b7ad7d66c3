package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RecordingReceiver;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example routes of examples/routes/, loaded beside the shipped routes as an integration team
 * would add them to routes/, work end to end.
 */
class ExampleRoutesIT extends HooklineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecordingReceiver receiver = new RecordingReceiver();

    @Override
    protected void tune(Properties p) {
        p.setProperty("camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:examples/routes/mirror-dead-deliveries.camel.yaml");
        // dead after the first attempt and one quick retry
        p.setProperty("hookline.delivery.retry-schedule", "200ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aDeadDeliveryIsMirroredToTheTeamsQueueAndStillCopiedToTheDeadQueue() throws Exception {
        receiver.answer(500);
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, receiver.url("/down"), List.of("contact.subscribed")).get("id").asText();
        broker.sendText("contact.events", EventDeliveryIT.event("e-" + UUID.randomUUID(), "contact.subscribed", list, ""));

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = api.deliveries(hook);
            return items.size() == 1 && "dead".equals(items.get(0).get("status").asText());
        });
        String deliveryId = api.deliveries(hook).get(0).get("id").asText();

        Message mirrored = broker.receive("ops.dead-deliveries", 10_000);
        assertThat(mirrored).as("copy on the example's mirror queue").isNotNull();
        JsonNode summary = JSON.readTree(Broker.text(mirrored));
        assertThat(summary.get("deliveryId").asText()).isEqualTo(deliveryId);
        assertThat(summary.get("webhookId").asText()).isEqualTo(hook);
        assertThat(summary.get("reason").asText()).contains("exhausted");

        Message dead = broker.receive("webhook.deliveries.dead", 10_000);
        assertThat(dead).as("the dead queue keeps its copy").isNotNull();
        assertThat(JSON.readTree(Broker.text(dead))).isEqualTo(summary);
        assertThat(context.getRoute("delivery-failed")).isNotNull();
    }
}
