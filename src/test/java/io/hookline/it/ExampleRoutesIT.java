package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hookline.support.Broker;
import io.hookline.support.WireMockTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example routes of examples/routes/, loaded beside the shipped routes as an integration team
 * would add them to routes/, work end to end.
 */
class ExampleRoutesIT extends WireMockTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void tune(Properties p) {
        p.setProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,"
                + "file:examples/routes/mirror-dead-deliveries.camel.yaml,file:examples/routes/list-header.camel.yaml");
        // dead after the first attempt and one quick retry
        p.setProperty("hookline.delivery.retry-schedule", "200ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
    }

    private String publish(String list) {
        String id = "e-" + UUID.randomUUID();
        broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
        return id;
    }

    @Test
    void aDeadDeliveryIsMirroredToTheTeamsQueueAndStillCopiedToTheDeadQueue() throws Exception {
        receiver.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/down"), List.of("contact.subscribed")).get("id").asText();
        publish(list);

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
    }

    @Test
    void theWebhooksOfOneListGetTheExtraHeaderAndOtherListsDoNot() {
        receiver.stubFor(post(urlEqualTo("/tagged")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlEqualTo("/plain")).willReturn(aResponse().withStatus(204)));
        String otherList = "list_" + UUID.randomUUID();
        api.createWebhook("list_42", url("/tagged"), List.of("contact.subscribed"));
        api.createWebhook(otherList, url("/plain"), List.of("contact.subscribed"));
        publish("list_42");
        publish(otherList);

        await().atMost(Duration.ofSeconds(20)).until(() -> requests("/tagged").size() == 1 && requests("/plain").size() == 1);
        LoggedRequest tagged = requests("/tagged").get(0);
        assertThat(tagged.getHeader("X-Acme-Tenant")).isEqualTo("acme");
        assertThat(tagged.getHeader("webhook-signature")).startsWith("v1,");
        assertThat(requests("/plain").get(0).containsHeader("X-Acme-Tenant")).isFalse();
    }

    private List<LoggedRequest> requests(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }
}
