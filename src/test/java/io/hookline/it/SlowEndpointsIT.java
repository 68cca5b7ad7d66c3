package io.hookline.it;

import io.hookline.delivery.CircuitBreakers;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RunsAlone;
import io.hookline.support.RecordingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Endpoints that answer 200, but only after five times the time that makes an endpoint slow,
 * beside a healthy one: the slow ones get fewer consumers the slower they are and share a budget
 * of them (a quarter of the 8 consumers here), so the healthy webhook's deliveries keep their
 * normal latency whatever the slow ones do. The shipped defaults (slow after 2 s, a 15 s timeout,
 * answers after 10 s) scaled down by half: every ratio the isolation works from is the same.
 */
@RunsAlone // it asserts a latency
class SlowEndpointsIT extends HooklineTestSupport {

    private static final int SLOW_WEBHOOKS = 6;
    private static final int SLOW_EVENTS = 2;
    private static final int HEALTHY_EVENTS = 30;
    private static final long SLOW_ANSWER_MS = 5_000;
    private static RecordingReceiver slow;
    private static RecordingReceiver healthy;

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.timeout", "8s");
        p.setProperty("hookline.delivery.slow-after", "1s");
        // the shipped defaults otherwise: 8 attempts per webhook, slow ones share a quarter
        p.setProperty("hookline.delivery.concurrency", "8");
    }

    @BeforeAll
    static void startReceivers() {
        slow = new RecordingReceiver();
        slow.delay(SLOW_ANSWER_MS);
        healthy = new RecordingReceiver();
    }

    @AfterAll
    static void stopReceivers() {
        slow.close();
        healthy.close();
    }

    @Test
    void healthyDeliveriesKeepTheirLatencyBesideSixEndpointsThatAnswerFiveTimesSlowerThanSlow() throws InterruptedException {
        String slowList = "list_slow_" + UUID.randomUUID();
        List<String> slowHooks = new ArrayList<>();
        for (int i = 0; i < SLOW_WEBHOOKS; i++) {
            slowHooks.add(api.createWebhook(slowList, slow.url("/slow-" + i), List.of("contact.subscribed"))
                    .get("id").asText());
        }
        String healthyList = "list_healthy_" + UUID.randomUUID();
        api.createWebhook(healthyList, healthy.url("/healthy"), List.of("contact.subscribed"));

        // the slow webhooks' deliveries queued first, and their first attempts under way
        for (int i = 0; i < SLOW_EVENTS; i++) {
            broker.sendText("contact.events", EventDeliveryIT.event("e-slow-" + i + "-" + UUID.randomUUID(),
                    "contact.subscribed", slowList, ""));
        }
        await().alias("the slow endpoints holding attempts").atMost(Duration.ofSeconds(10))
                .until(() -> slow.maxInProgress() >= SLOW_WEBHOOKS);

        // then the healthy webhook's, while the slow ones hold theirs for five seconds and more
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        for (int i = 0; i < HEALTHY_EVENTS; i++) {
            String id = "e-healthy-" + i + "-" + UUID.randomUUID();
            publishedAt.put(id, System.nanoTime());
            broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", healthyList, ""));
            Thread.sleep(250); // a producer's pace, four events a second: not a wait for a state
        }
        await().alias("every healthy delivery received").atMost(Duration.ofSeconds(10))
                .until(() -> healthy.pairs().size() == HEALTHY_EVENTS);
        long worstMs = 0;
        for (RecordingReceiver.Received r : healthy.received()) {
            long ms = (r.atNanos() - publishedAt.get(r.eventId())) / 1_000_000;
            worstMs = Math.max(worstMs, ms);
        }
        System.out.printf("slow endpoints: worst healthy delivery %d ms after publishing%n", worstMs);
        assertThat(worstMs).as("slowest healthy delivery, ms after publishing").isLessThanOrEqualTo(2_000);

        // the slow ones are served too, never more than their budget (2 of 8) at once once known slow
        await().alias("the first attempts of the slow endpoints answered").atMost(Duration.ofSeconds(20))
                .until(() -> slow.receivedCount() >= SLOW_WEBHOOKS);
        slow.resetMaxInProgress();
        await().alias("every slow delivery received").atMost(Duration.ofSeconds(75))
                .until(() -> slow.pairs().size() == SLOW_WEBHOOKS * SLOW_EVENTS);
        assertThat(slow.maxInProgress()).as("attempts at slow endpoints at once").isLessThanOrEqualTo(2);
        assertThat(slow.requestsByWebhookId()).hasSize(SLOW_WEBHOOKS * SLOW_EVENTS)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));

        // deleting a webhook forgets what was learnt of it
        CircuitBreakers breakers = context.getRegistry().lookupByNameAndType("circuitBreakers", CircuitBreakers.class);
        assertThat(breakers.latency(slowHooks.get(0))).as("learnt latency, over slow-after").isGreaterThan(Duration.ofSeconds(1));
        int known = breakers.webhooksKnown();
        for (String hook : slowHooks) {
            assertThat(api.call("DELETE", "/api/webhooks/" + hook, null).status()).isEqualTo(204);
        }
        assertThat(breakers.latency(slowHooks.get(0))).isNull();
        assertThat(breakers.webhooksKnown()).isEqualTo(known - SLOW_WEBHOOKS);
    }
}
