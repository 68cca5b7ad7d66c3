package io.hookline.it;

import io.hookline.support.HooklineTestSupport;
import io.hookline.support.PrometheusScrape;
import io.hookline.support.RecordingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator sees and does: the Dispatcher MBean, Camel's MBeans, Prometheus and the Camel CLI connector. */
class OperationsIT extends HooklineTestSupport {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private final RecordingReceiver healthy = new RecordingReceiver();
    private final RecordingReceiver failing = new RecordingReceiver();

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.retry-schedule", "300ms");
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "100");
        p.setProperty("hookline.ops.count-refresh", "200ms");
        p.setProperty("hookline.cli.enabled", "true");
    }

    @Override
    protected boolean useJmx() {
        return true; // Camel's own MBeans, as in production
    }

    @AfterAll
    void stopReceivers() {
        healthy.close();
        failing.close();
    }

    private static ObjectName dispatcher() throws Exception {
        return new ObjectName("io.hookline:type=Dispatcher");
    }

    private static long attribute(String name) throws Exception {
        return ((Number) JMX.getAttribute(dispatcher(), name)).longValue();
    }

    private String publish(String list) {
        String id = "e-" + UUID.randomUUID();
        broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
        return id;
    }

    private String webhook(String list, String url) {
        return api.createWebhook(list, url, List.of("contact.subscribed")).get("id").asText();
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.of("http://127.0.0.1:" + httpPort(), API_KEY);
    }

    /** Prometheus scrapes with the API key; without it, or with the key anywhere but the header, the metrics are 401. */
    @Test
    void metricsNeedTheApiKeyWhileTheProbesDoNot() {
        for (String authorization : new String[] {null, "Bearer wrong-key", API_KEY}) {
            var r = api.call("GET", "/q/metrics", null, authorization);
            assertThat(r.status()).as("/q/metrics with %s", authorization).isEqualTo(401);
            assertThat(r.body()).doesNotContain("hookline_", "jvm_", "camel_");
        }
        var inQuery = api.call("GET", "/q/metrics?Authorization=Bearer%20" + API_KEY, null, null);
        assertThat(inQuery.status()).isEqualTo(401);

        var scraped = api.call("GET", "/q/metrics", null, "Bearer " + API_KEY);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("hookline_deliveries_pending", "jvm_memory_used_bytes");

        // nothing else of Camel's management is served: no info, dev consoles, Jolokia, upload or send
        for (String other : List.of("/q/info", "/q/dev", "/q/dev/top", "/q/jolokia", "/q/upload", "/q/download", "/q/send")) {
            assertThat(api.call("GET", other, null, null).status()).as(other).isIn(401, 404, 405);
        }
        for (String probe : List.of("/q/health", "/q/health/live", "/q/health/ready")) {
            var r = api.call("GET", probe, null, null);
            assertThat(r.status()).as(probe).isEqualTo(200);
            assertThat(r.body()).as(probe).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void prometheusCountersMoveAsEventsAreReceivedRefusedDeduplicatedAndDelivered() {
        String list = "list-metrics";
        String webhookId = webhook(list, healthy.url("/metrics"));
        PrometheusScrape before = scrape();

        String first = publish(list);
        publish(list);
        publish(list);
        broker.sendText("contact.events", "{not json");
        await().atMost(Duration.ofSeconds(20)).until(() -> healthy.received().stream().filter(r -> r.path().equals("/metrics")).count() == 3);
        // the same id again, once the original is fanned out: acknowledged, not delivered again
        broker.sendText("contact.events", EventDeliveryIT.event(first, "contact.subscribed", list, ""));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusScrape after = scrape();
            assertThat(delta(before, after, "hookline_events_duplicate_total", "type=\"contact.subscribed\"")).isEqualTo(1);
            assertThat(delta(before, after, "hookline_events_received_total", "type=\"contact.subscribed\"")).isEqualTo(4);
            assertThat(delta(before, after, "hookline_events_invalid_total", "reason=\"malformed_json\"")).isEqualTo(1);
            assertThat(delta(before, after, "hookline_deliveries_total", "outcome=\"succeeded\"")).isEqualTo(3);
            assertThat(delta(before, after, "hookline_deliveries_dispatched_total", "by=\"fanout\"")).isEqualTo(3);
            assertThat(delta(before, after, "hookline_delivery_attempt_seconds_count", "status_class=\"2xx\"")).isEqualTo(3);
            assertThat(delta(before, after, "hookline_delivery_end_to_end_seconds_count", "type=\"contact.subscribed\"")).isEqualTo(3);
        });
        PrometheusScrape after = scrape();
        assertThat(after.has("hookline_delivery_attempt_seconds_bucket")).isTrue();
        assertThat(after.has("hookline_delivery_end_to_end_seconds_bucket")).isTrue();
        assertThat(after.has("hookline_retry_backlog")).isTrue();
        assertThat(after.has("hookline_deliveries_dead")).isTrue();
        assertThat(after.has("hookline_webhooks_disabled")).isTrue();
        // Camel's route metrics and the JVM's come with them
        assertThat(after.seriesStartingWith("camel_exchanges")).anyMatch(s -> s.labels().contains("deliver-webhooks"));
        assertThat(after.seriesStartingWith("jvm_memory")).isNotEmpty();
        // labels stay bounded: no webhook id, list id or target URL in any Hookline series
        assertThat(after.seriesStartingWith("hookline_")).allSatisfy(s -> assertThat(s.labels())
                .doesNotContain(webhookId).doesNotContain(list).doesNotContain("127.0.0.1"));
        assertThat(after.text()).doesNotContain(healthy.url("/metrics"));
    }

    @Test
    void deadDeliveriesAreCountedOverJmxAndPrometheusAndRetriedByTheDispatcherMBean() throws Exception {
        String list = "list-dead";
        failing.answer(500);
        String webhookId = webhook(list, failing.url("/dead"));
        PrometheusScrape before = scrape();
        long failedBefore = attribute("DeliveriesFailedSinceStart");
        long deadBefore = attribute("DeliveriesDead");

        String eventId = publish(list);
        await().atMost(Duration.ofSeconds(20)).until(() -> attribute("DeliveriesDead") == deadBefore + 1);
        assertThat(attribute("DeliveriesFailedSinceStart")).isEqualTo(failedBefore + 2);
        PrometheusScrape dead = scrape();
        assertThat(delta(before, dead, "hookline_deliveries_total", "outcome=\"retrying\"")).isEqualTo(1);
        assertThat(delta(before, dead, "hookline_deliveries_total", "outcome=\"dead\"")).isEqualTo(1);
        assertThat(delta(before, dead, "hookline_delivery_attempt_seconds_count", "status_class=\"5xx\"")).isEqualTo(2);
        assertThat(dead.sum("hookline_deliveries_dead")).isGreaterThanOrEqualTo(1);

        failing.answer(204);
        Object revived = JMX.invoke(dispatcher(), "retryDeadDeliveries", new Object[] {webhookId}, new String[] {String.class.getName()});
        assertThat(revived).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> failing.pairs().contains("/dead " + eventId));
        await().atMost(Duration.ofSeconds(30)).until(() -> attribute("DeliveriesDead") == deadBefore);
        assertThat(api.deliveries(webhookId).get(0).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void pausingDeliveryOverJmxHoldsDeliveriesUntilResumedWhileCountsStayLive() throws Exception {
        String list = "list-pause";
        webhook(list, healthy.url("/pause"));
        String warmUp = publish(list);
        await().atMost(Duration.ofSeconds(20)).until(() -> healthy.pairs().contains("/pause " + warmUp));
        // counted once its outcome is written, which may come just after the receiver answered
        await().atMost(Duration.ofSeconds(10)).alias("the warm-up delivery counted")
                .until(() -> attribute("DeliveriesSucceededSinceStart") > 0);
        long succeededBefore = attribute("DeliveriesSucceededSinceStart");
        assertThat(attribute("WebhooksEnabled")).isPositive();

        JMX.invoke(dispatcher(), "pauseDelivery", null, null);
        assertThat((Boolean) JMX.getAttribute(dispatcher(), "DeliveryPaused")).isTrue();
        String held = publish(list);
        await().atMost(Duration.ofSeconds(30)).until(() -> attribute("DeliveriesPending") >= 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> !healthy.pairs().contains("/pause " + held));

        JMX.invoke(dispatcher(), "resumeDelivery", null, null);
        assertThat((Boolean) JMX.getAttribute(dispatcher(), "DeliveryPaused")).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> healthy.pairs().contains("/pause " + held));
        // at least: a delivery of another test of this class may complete in the same window
        await().atMost(Duration.ofSeconds(30)).until(() -> attribute("DeliveriesSucceededSinceStart") >= succeededBefore + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> attribute("DeliveriesPending") == 0);
    }

    @Test
    void disablingAWebhookShowsInTheDisabledCounts() throws Exception {
        String webhookId = webhook("list-disable", healthy.url("/disable"));
        long disabledBefore = attribute("WebhooksDisabled");
        assertThat(api.call("PATCH", "/api/webhooks/" + webhookId, "{\"enabled\":false}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> attribute("WebhooksDisabled") == disabledBefore + 1);
        assertThat(scrape().sum("hookline_webhooks_disabled")).isEqualTo(disabledBefore + 1);
    }

    @Test
    void everyWebhookTargetGoesThroughOneHttpEndpointWithStableRouteIds() throws Exception {
        String list = "list-endpoints";
        webhook(list, healthy.url("/one"));
        webhook(list, failing.url("/two"));
        failing.answer(204);
        publish(list);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                healthy.received().stream().anyMatch(r -> r.path().equals("/one"))
                        && failing.received().stream().anyMatch(r -> r.path().equals("/two")));

        Set<ObjectName> endpoints = JMX.queryNames(new ObjectName("org.apache.camel:type=endpoints,*"), null);
        assertThat(endpoints.stream().map(n -> n.getKeyProperty("name")).filter(n -> n.startsWith("\"http")))
                .containsExactly("\"http://webhook-target\"");
        ObjectName route = JMX.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"deliver-webhooks\",*"), null).iterator().next();
        assertThat(((Number) JMX.getAttribute(route, "ExchangesCompleted")).longValue()).isPositive();
    }

    @Test
    void theCamelCliConnectorPublishesThisProcessForCamelJbang() {
        // Camel JBang finds running integrations by the files the connector keeps under ~/.camel
        Path status = Path.of(System.getProperty("user.home"), ".camel", ProcessHandle.current().pid() + "-status.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(status));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Files.readString(status)).contains("deliver-webhooks").contains("retry-scheduler"));
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
