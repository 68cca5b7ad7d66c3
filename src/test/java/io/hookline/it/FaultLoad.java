package io.hookline.it;

import io.hookline.support.ApiClient;
import io.hookline.support.Broker;
import io.hookline.support.RecordingReceiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load of a fault test and its ledger: one list with a few webhooks at a recording
 * receiver, events published in rounds, each id kept, and the check by identity that every
 * (event, webhook) pair arrived: once where nothing crashed, or with at most as many repeats as
 * attempts were in flight at a crash, each with its original's webhook-id.
 */
final class FaultLoad {

    /** Settings of every fault test: a short lease and retry schedule, so recovery comes within seconds. */
    static final Duration LEASE = Duration.ofSeconds(3);

    final RecordingReceiver receiver = new RecordingReceiver();
    private final String list = "list_" + UUID.randomUUID();
    private final List<String> paths = List.of("/fault/a", "/fault/b", "/fault/c");
    private final List<String> hooks = new ArrayList<>();
    private final Ledger ledger = new Ledger(paths);
    private final AtomicInteger sequence = new AtomicInteger();

    static void tune(java.util.Properties p) {
        p.setProperty("hookline.delivery.lease", LEASE.toSeconds() + "s");
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

    /** A new event of this load, not yet in the ledger: {@link #accepted} records it once a producer is told so. */
    String newEvent() {
        return EventDeliveryIT.event(newEventId(), "contact.subscribed", list, "");
    }

    private String newEventId() {
        return "e-fault-" + sequence.getAndIncrement() + "-" + UUID.randomUUID();
    }

    static String idOf(String event) {
        int start = event.indexOf("\"id\":\"") + 6;
        return event.substring(start, event.indexOf('"', start));
    }

    void accepted(String event) {
        ledger.published(idOf(event));
    }

    /** Publishes over OpenWire: a send that returns is accepted (persistent, synchronous). */
    void publish(Broker broker, int events) {
        for (int i = 0; i < events; i++) {
            String event = newEvent();
            broker.sendText("contact.events", event);
            accepted(event);
        }
    }

    int events() {
        return ledger.events();
    }

    int expected() {
        return ledger.expected();
    }

    int deliveredPairs() {
        return receiver.pairCount();
    }

    void awaitDelivered(int atLeast) {
        await().alias(atLeast + " deliveries received").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> deliveredPairs() >= atLeast);
    }

    private void awaitAllPairs(Duration within) {
        int expected = expected();
        await().alias("every published event received at every webhook").atMost(within)
                .until(() -> deliveredPairs() >= expected);
    }

    /** Nothing crashed: every published event arrived at every webhook, each exactly once. */
    void assertAllDeliveredOnce(Duration within) {
        awaitAllPairs(within);
        awaitLastCopies();
        assertThat(receiver.receivedCount()).as("copies received: no repeat within a lease after the last delivery")
                .isEqualTo(expected());
        ledger.assertEachReceivedOnce(receiver);
    }

    /** A crash could repeat the attempts it cut off: all arrived, at most {@code inFlight} repeats. Returns them. */
    int assertAllDeliveredRepeatingAtMost(int inFlight, Duration within) {
        awaitAllPairs(within);
        awaitLastCopies();
        int repeats = ledger.assertEachReceivedRepeatingAtMost(receiver, inFlight);
        assertThat(receiver.receivedCount()).isEqualTo(expected() + repeats);
        return repeats;
    }

    /**
     * Until a lease and half a second have passed without a copy: a repeat comes when the lease of
     * the attempt it repeats (one thought lost) runs out, which can be after the last pair arrived.
     */
    private void awaitLastCopies() {
        Duration quiet = LEASE.plusMillis(500);
        AtomicInteger seen = new AtomicInteger(-1);
        AtomicLong since = new AtomicLong();
        await().alias("no copy received for " + quiet.toMillis() + " ms").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    int count = receiver.receivedCount();
                    if (seen.getAndSet(count) != count) {
                        since.set(System.nanoTime());
                        return false;
                    }
                    return System.nanoTime() - since.get() >= quiet.toNanos();
                });
    }

    void close() {
        receiver.close();
    }
}
