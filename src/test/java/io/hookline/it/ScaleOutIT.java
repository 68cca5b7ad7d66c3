package io.hookline.it;

import io.hookline.support.ApiClient;
import io.hookline.support.Broker;
import io.hookline.support.HooklineProcess;
import io.hookline.support.PrometheusScrape;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Hookline instances, each its own JVM with its own HTTP port, share one broker and one
 * PostgreSQL that run outside them (here in the test JVM, reached over TCP and JDBC like external
 * servers), configured through nothing but {@code hookline.broker.url} and {@code hookline.db.url}.
 * They share the deliveries as competing consumers, share the retries through the scheduler's
 * {@code FOR UPDATE SKIP LOCKED}, and one of them can be killed without losing anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final String KEY = "test-api-key";
    private static final int CONCURRENCY = 16;
    private static final int WEBHOOKS = 10;
    // Deliveries to these paths fail their first attempt(s), so every one of them goes through
    // the retry scheduler of one instance or the other.
    private static final Map<String, Integer> FIRST_FAILURES = Map.of("/shared/w8", 1, "/shared/w9", 2);
    // The producer keeps at most this many deliveries outstanding, so no delivery waits in the
    // queue longer than its lease (a longer wait would only make the scheduler send it again:
    // harmless, fenced by dispatch_seq, but wasted work on a 2-core machine).
    private static final int WINDOW = 2_000;

    private final RecordingReceiver receiver = new RecordingReceiver();
    private final Broker broker = new Broker(SharedInfra.brokerUrl());
    private HooklineProcess one;
    private HooklineProcess two;

    @BeforeAll
    void startTwoInstances() throws Exception {
        FIRST_FAILURES.forEach(receiver::failFirst);
        // Started together: both run Flyway against the same empty database at once.
        CompletableFuture<HooklineProcess> first = CompletableFuture.supplyAsync(() -> HooklineProcess.start("scale-out-1", settings()));
        CompletableFuture<HooklineProcess> second = CompletableFuture.supplyAsync(() -> HooklineProcess.start("scale-out-2", settings()));
        one = first.join();
        two = second.join();
        assertThat(one.baseUrl()).isNotEqualTo(two.baseUrl());
    }

    @AfterAll
    void stopEverything() {
        for (HooklineProcess p : new HooklineProcess[] {one, two}) {
            if (p != null) {
                p.close();
            }
        }
        broker.close();
        receiver.close();
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("hookline.broker.url", SharedInfra.brokerUrl());
        s.put("hookline.db.url", SharedInfra.jdbcUrl());
        try {
            s.put("hookline.data-dir", Files.createTempDirectory("hookline-scale-out").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        s.put("hookline.api.keys", KEY);
        s.put("hookline.secrets.key", SharedInfra.SECRETS_KEY); // shared, as every instance on one database needs
        s.put("hookline.delivery.allow-private-targets", "true");
        // fast retries and a short lease, so the retries and the re-dispatch after a kill come quickly
        s.put("hookline.delivery.retry-schedule", "1s,1s,1s");
        s.put("hookline.delivery.redeliveries", "0");
        s.put("hookline.delivery.lease", "10s");
        s.put("hookline.delivery.scheduler-interval", "250ms");
        // every failure here is deliberate: the circuit breaker and per-webhook cap are not under
        // test and would only defer deliveries
        s.put("hookline.delivery.circuit-failure-threshold", "1000000");
        s.put("hookline.delivery.max-in-flight-per-webhook", "32");
        s.put("hookline.delivery.concurrency", Integer.toString(CONCURRENCY));
        s.put("hookline.events.concurrency", "4");
        s.put("hookline.db.pool-size", "16");
        s.put("camel.main.jmx-enabled", "false");
        return s;
    }

    @Test
    @Order(1)
    void twoInstancesShareTwentyThousandDeliveriesAndTheirRetriesWithoutLossOrDuplicate() throws Exception {
        long start = System.nanoTime();
        String list = "list_shared_" + UUID.randomUUID();
        ApiClient api = new ApiClient(one.baseUrl(), KEY);
        for (int w = 0; w < WEBHOOKS; w++) {
            api.createWebhook(list, receiver.url("/shared/w" + w), List.of("contact.subscribed"));
        }
        int events = 2_000;
        int expected = events * WEBHOOKS;
        List<String> paths = new ArrayList<>();
        for (int w = 0; w < WEBHOOKS; w++) {
            paths.add("/shared/w" + w);
        }
        Ledger ledger = new Ledger(paths);
        publish(list, "shared", events, 0, ledger);

        // every delivery finished in PostgreSQL, then nothing more arrives than expected
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> statusCounts(list).getOrDefault("succeeded", 0) == expected);
        long wallMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(statusCounts(list)).containsOnlyKeys("succeeded");
        assertThat(receiver.receivedCount()).as("2xx answers at the receiver").isEqualTo(expected);
        ledger.assertEachReceivedOnce(receiver);

        // each retry was made once: a delivery to a flaky path was attempted exactly its
        // failures + 1 times, a delivery to a steady path once
        Map<String, Integer> requests = receiver.requestsByWebhookId();
        int retries = 0;
        for (RecordingReceiver.Received r : receiver.received()) {
            int attempts = FIRST_FAILURES.getOrDefault(r.path(), 0) + 1;
            assertThat(requests.get(r.webhookId())).as("attempts of %s to %s", r.webhookId(), r.path()).isEqualTo(attempts);
            retries += attempts - 1;
        }
        assertThat(retries).isEqualTo(events * 3);
        assertThat(attemptRows(list)).as("attempts recorded").isEqualTo(expected + retries);

        // both instances took part, in the deliveries and in the retry scheduling
        PrometheusScrape m1 = PrometheusScrape.of(one.baseUrl(), KEY);
        PrometheusScrape m2 = PrometheusScrape.of(two.baseUrl(), KEY);
        double delivered1 = m1.sum("hookline_deliveries_total", "outcome=\"succeeded\"");
        double delivered2 = m2.sum("hookline_deliveries_total", "outcome=\"succeeded\"");
        double failed1 = m1.sum("hookline_deliveries_total", "outcome=\"retrying\"");
        double failed2 = m2.sum("hookline_deliveries_total", "outcome=\"retrying\"");
        double scheduled1 = schedulerDispatches(m1);
        double scheduled2 = schedulerDispatches(m2);
        System.out.printf("scale-out: %d deliveries (+%d retries) in %d ms; instance 1 delivered %.0f (%.0f failed attempts, "
                        + "%.0f scheduler dispatches), instance 2 delivered %.0f (%.0f failed attempts, %.0f scheduler dispatches)%n",
                expected, retries, wallMs, delivered1, failed1, scheduled1, delivered2, failed2, scheduled2);
        assertThat(delivered1 + delivered2).isEqualTo(expected);
        assertThat(failed1 + failed2).isEqualTo(retries);
        assertThat(delivered1).as("instance 1's share").isGreaterThan(expected * 0.1);
        assertThat(delivered2).as("instance 2's share").isGreaterThan(expected * 0.1);
        assertThat(scheduled1).as("retries dispatched by instance 1's scheduler").isPositive();
        assertThat(scheduled2).as("retries dispatched by instance 2's scheduler").isPositive();
    }

    @Test
    @Order(2)
    void anInstanceKilledInMidLoadLeavesTheOtherToFinishWithNothingLost() throws Exception {
        long start = System.nanoTime();
        String list = "list_kill_" + UUID.randomUUID();
        ApiClient api = new ApiClient(one.baseUrl(), KEY);
        List<String> paths = new ArrayList<>();
        for (int w = 0; w < WEBHOOKS; w++) {
            paths.add("/kill/w" + w);
            api.createWebhook(list, receiver.url("/kill/w" + w), List.of("contact.subscribed"));
        }
        int events = 600;
        int expected = events * WEBHOOKS;
        Ledger ledger = new Ledger(paths);
        int before = receiver.receivedCount();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> publish(list, "kill", events, before, ledger));

        await().alias("a quarter of the deliveries made").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> receiver.receivedCount() - before >= expected / 4);
        two.kill();
        int atKill = receiver.receivedCount() - before;
        producer.get();
        assertThat(atKill).as("the kill came in mid-load").isLessThan(expected);

        await().alias("every delivery succeeded").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> statusCounts(list).getOrDefault("succeeded", 0) == expected);
        long wallMs = (System.nanoTime() - start) / 1_000_000;

        // every (event, webhook) pair arrived; the attempts the kill cut off (at most one per
        // delivery thread of the killed instance) were made again, with their webhook-ids
        int repeats = ledger.assertEachReceivedRepeatingAtMost(receiver, CONCURRENCY);
        System.out.printf("scale-out kill: %d deliveries in %d ms, %d received before the kill, %d repeats (same webhook-id)%n",
                expected, wallMs, atKill, repeats);
    }

    /**
     * Publishes events over OpenWire as a producer would, keeping at most {@link #WINDOW}
     * deliveries outstanding at the receiver (counted from {@code receivedBefore}).
     */
    private void publish(String list, String tag, int events, int receivedBefore, Ledger ledger) {
        int batch = 50;
        for (int i = 0; i < events; i += batch) {
            int published = i;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> published * WEBHOOKS - (receiver.receivedCount() - receivedBefore) <= WINDOW);
            for (int j = i; j < Math.min(i + batch, events); j++) {
                String id = "e-" + tag + "-" + j + "-" + UUID.randomUUID();
                broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
                ledger.published(id);
            }
        }
    }

    /** Deliveries an instance's retry scheduler handed to its delivery threads. */
    private static double schedulerDispatches(PrometheusScrape m) {
        return m.sum("hookline_deliveries_dispatched_total", "by=\"scheduler\"");
    }

    private static Map<String, Integer> statusCounts(String list) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = SharedInfra.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT d.status, count(*) FROM delivery d JOIN webhook w ON w.id = d.webhook_id
                      WHERE w.list_id = ? GROUP BY d.status""")) {
            ps.setString(1, list);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    /** The attempts in the list's delivery logs: attempt rows, and each success its delivery row holds. */
    private static int attemptRows(String list) throws Exception {
        try (Connection c = SharedInfra.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT (SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                               JOIN webhook w ON w.id = d.webhook_id WHERE w.list_id = ?)
                          + (SELECT count(*) FROM delivery d JOIN webhook w ON w.id = d.webhook_id
                              WHERE w.list_id = ? AND d.last_attempt_started_at IS NOT NULL)""")) {
            ps.setString(1, list);
            ps.setString(2, list);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
