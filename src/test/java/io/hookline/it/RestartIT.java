package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.ApiClient;
import io.hookline.support.Broker;
import io.hookline.support.HooklineProcess;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries survive the dispatcher: a retry scheduled before a stop is made after the restart,
 * and a dispatcher killed with SIGKILL in mid-load loses nothing. Hookline runs as its own JVM
 * against a broker and a database that outlive it.
 */
class RestartIT {

    private static final String KEY = "test-api-key";
    private static final int CONCURRENCY = 16;
    private final RecordingReceiver receiver = new RecordingReceiver();
    private final Broker broker = new Broker(SharedInfra.brokerUrl());
    private HooklineProcess hookline;

    @AfterEach
    void tearDown() {
        if (hookline != null) {
            hookline.close();
        }
        receiver.close();
    }

    private static Map<String, String> settings(String retrySchedule) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("hookline.db.url", SharedInfra.jdbcUrl());
        s.put("hookline.broker.url", SharedInfra.brokerUrl());
        s.put("hookline.data-dir", Files.createTempDirectory("hookline-restart").toString());
        s.put("hookline.api.keys", KEY);
        s.put("hookline.secrets.key", SharedInfra.SECRETS_KEY); // the tests share one database, so one key
        s.put("hookline.delivery.allow-private-targets", "true");
        s.put("hookline.delivery.retry-schedule", retrySchedule);
        s.put("hookline.delivery.redeliveries", "0");
        s.put("hookline.delivery.scheduler-interval", "200ms");
        s.put("hookline.delivery.lease", "3s");
        s.put("hookline.delivery.concurrency", Integer.toString(CONCURRENCY));
        s.put("camel.main.jmx-enabled", "false");
        return s;
    }

    private ApiClient api() {
        return new ApiClient(hookline.baseUrl(), KEY);
    }

    @Test
    void aRetryScheduledBeforeTheDispatcherStopsIsDeliveredAfterItStartsAgain() throws Exception {
        // the retry comes after the stop has ended (1 to 3 s seen), or the stop would make it itself
        Map<String, String> settings = settings("6s");
        hookline = HooklineProcess.start("restart-1", settings);
        receiver.answer(503);
        String list = "list_" + UUID.randomUUID();
        String hook = api().createWebhook(list, receiver.url("/later"), List.of("contact.subscribed")).get("id").asText();
        String eventId = "e-" + UUID.randomUUID();
        broker.sendText("contact.events", EventDeliveryIT.event(eventId, "contact.subscribed", list, ""));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = api().deliveries(hook);
            return items.size() == 1 && "retrying".equals(items.get(0).get("status").asText());
        });
        hookline.stop();
        receiver.answer(204);

        hookline = HooklineProcess.start("restart-2", settings);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.pairs().contains("/later " + eventId));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "succeeded".equals(api().deliveries(hook).get(0).get("status").asText()));
        assertThat(receiver.receivedCount()).as("copies received").isEqualTo(1);
        JsonNode d = api().delivery(api().deliveries(hook).get(0).get("id").asText());
        assertThat(d.get("attemptCount").asInt()).isEqualTo(2);
        assertThat(d.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(503);
    }

    /** Three webhooks of a new list, and that many events published to it, kept in a ledger. */
    private Ledger burst(String name, int events) throws Exception {
        String list = "list_" + UUID.randomUUID();
        List<String> paths = List.of("/" + name + "/a", "/" + name + "/b", "/" + name + "/c");
        Ledger ledger = new Ledger(paths);
        for (String p : paths) {
            api().createWebhook(list, receiver.url(p), List.of("contact.subscribed"));
        }
        for (int i = 0; i < events; i++) {
            String id = "e-" + name + "-" + i + "-" + UUID.randomUUID();
            broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
            ledger.published(id);
        }
        return ledger;
    }

    @Test
    void aDispatcherKilledInMidLoadAndRestartedLosesNoDeliveryAndRepeatsAtMostTheAttemptsInFlight() throws Exception {
        Map<String, String> settings = settings("1s,2s,4s,8s");
        hookline = HooklineProcess.start("crash-1", settings);
        receiver.delay(10);
        Ledger ledger = burst("crash", 1000);
        int expected = ledger.expected();
        await().alias("a quarter of the deliveries made").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.receivedCount() >= expected / 4);
        hookline.kill();
        int beforeRestart = receiver.pairCount();
        assertThat(beforeRestart).as("the kill came in mid-load").isLessThan(expected);

        hookline = HooklineProcess.start("crash-2", settings);
        await().alias("every pair received after the restart").atMost(Duration.ofSeconds(90))
                .until(() -> receiver.pairCount() == expected);

        // an attempt the kill cut off (made, its outcome not yet written) is made again, with
        // its webhook-id; there are at most as many as delivery threads
        int repeats = ledger.assertEachReceivedRepeatingAtMost(receiver, CONCURRENCY);
        System.out.printf("crash ledger: expected %d, received %d distinct, %d repeats, %d before the kill%n",
                expected, receiver.pairCount(), repeats, beforeRestart);
    }

    @Test
    void aDispatcherStoppedWithABacklogStopsWithoutWorkingThroughItAndTheRestartDeliversTheRestOnce() throws Exception {
        Map<String, String> settings = settings("1s,2s,4s,8s");
        hookline = HooklineProcess.start("backlog-1", settings);
        receiver.delay(100);
        Ledger ledger = burst("backlog", 600);
        int expected = ledger.expected();
        await().alias("the first deliveries made").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.receivedCount() >= 100);
        long stopping = System.nanoTime();
        hookline.stop();
        long stopMs = (System.nanoTime() - stopping) / 1_000_000;
        int atStop = receiver.receivedCount();
        // a graceful stop ends the attempts under way and leaves the queued ones to PostgreSQL: before,
        // it worked through the whole queue (here about 10 s of it) until its 20 s timeout
        assertThat(atStop).as("deliveries made by the time the stop ended").isLessThan(expected * 3 / 4);

        hookline = HooklineProcess.start("backlog-2", settings);
        await().alias("every pair received after the restart").atMost(Duration.ofSeconds(90))
                .until(() -> receiver.pairCount() == expected);
        // nothing crashed: every attempt under way at the stop was recorded, none is made twice
        int repeats = ledger.assertEachReceivedRepeatingAtMost(receiver, 0);
        System.out.printf("stop with a backlog: %d of %d delivered at the stop, which took %d ms; %d repeats%n",
                atStop, expected, stopMs, repeats);
    }
}
