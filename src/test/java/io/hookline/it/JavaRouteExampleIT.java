package io.hookline.it;

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
 * A Java RouteBuilder of an integration team's own package (the example
 * com.example.hookline.DeadDeliveryAlerts) is loaded beside the YAML routes when its class is
 * named in camel.main.routes-builder-classes, and works end to end.
 */
class JavaRouteExampleIT extends HooklineTestSupport {

    private final RecordingReceiver receiver = new RecordingReceiver();

    @Override
    protected void tune(Properties p) {
        p.setProperty("camel.main.routes-builder-classes", "com.example.hookline.DeadDeliveryAlerts");
        p.setProperty("hookline.delivery.retry-schedule", "200ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aDeadDeliveryBecomesAnAlertOnTheTeamsQueue() {
        assertThat(context.getRoute("dead-delivery-alerts")).as("the Java route is loaded").isNotNull();
        receiver.answer(500);
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, receiver.url("/down"), List.of("contact.subscribed")).get("id").asText();
        String eventId = "e-" + UUID.randomUUID();
        broker.sendText("contact.events", EventDeliveryIT.event(eventId, "contact.subscribed", list, ""));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                "dead".equals(api.deliveries(hook).path(0).path("status").asText()));
        Message alert = broker.receive("ops.alerts", 10_000);
        assertThat(alert).as("alert on ops.alerts").isNotNull();
        assertThat(Broker.text(alert)).startsWith("Webhook " + hook + ": delivery msg_")
                .contains("of event " + eventId + " is dead after 2 attempts (retry schedule exhausted)");
    }
}
