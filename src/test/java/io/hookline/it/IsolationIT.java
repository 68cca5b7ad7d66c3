package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RunsAlone;
import io.hookline.support.PrometheusScrape;
import io.hookline.support.RecordingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A hanging endpoint holds at most its share of attempts, then its circuit opens; healthy ones are not held up. */
@RunsAlone // it asserts a latency
class IsolationIT extends HooklineTestSupport {

    private static RecordingReceiver healthy;
    private static ServerSocket blackHole;
    private static final AtomicInteger open = new AtomicInteger();
    private static final AtomicInteger maxOpen = new AtomicInteger();
    private static final List<Socket> held = new CopyOnWriteArrayList<>();

    @Override
    protected void tune(Properties p) {
        // long, so a healthy delivery held up by the black hole would wait far longer than any load delays it
        p.setProperty("hookline.delivery.timeout", "10s");
        p.setProperty("hookline.delivery.concurrency", "8");
        p.setProperty("hookline.delivery.max-in-flight-per-webhook", "2");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "2");
        p.setProperty("hookline.delivery.circuit-cool-down", "60s");
        p.setProperty("hookline.delivery.retry-schedule", "1s,1s,1s");
    }

    /** Accepts connections and never answers, counting how many are open at once. */
    @BeforeAll
    static void startEndpoints() throws IOException {
        healthy = new RecordingReceiver();
        blackHole = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!blackHole.isClosed()) {
                try {
                    Socket s = blackHole.accept();
                    held.add(s);
                    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Thread reader = new Thread(() -> {
                        try {
                            while (s.getInputStream().read() >= 0) {
                                // swallow the request, never answer
                            }
                        } catch (IOException ignored) {
                            // closed by the client's timeout
                        }
                        open.decrementAndGet();
                    });
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stopEndpoints() throws IOException {
        blackHole.close();
        healthy.close();
    }

    @Test
    void aHangingEndpointDoesNotHoldUpDeliveriesToHealthyOnes() {
        String list = "list_" + UUID.randomUUID();
        String healthyHook = api.createWebhook(list, healthy.url("/healthy"), List.of("contact.subscribed")).get("id").asText();
        String hole = api.createWebhook(list, "http://127.0.0.1:" + blackHole.getLocalPort() + "/hole",
                List.of("contact.subscribed")).get("id").asText();

        int events = 60;
        for (int i = 0; i < events; i++) {
            broker.sendText("contact.events", EventDeliveryIT.event("e-iso-" + i + "-" + UUID.randomUUID(),
                    "contact.subscribed", list, ""));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> healthy.pairCount() == events);
        // without isolation the black hole takes all 8 threads for its 10-second timeout, and the
        // healthy deliveries created meanwhile wait for a thread nearly that long; with it, none waits
        JsonNode delivered = api.get("/api/webhooks/" + healthyHook + "/deliveries?limit=200").json().get("items");
        assertThat(delivered).hasSize(events);
        long longestWaitMs = 0;
        for (JsonNode d : delivered) {
            JsonNode first = api.delivery(d.get("id").asText()).get("attempts").get(0);
            longestWaitMs = Math.max(longestWaitMs, Duration.between(Instant.parse(d.get("createdAt").asText()),
                    Instant.parse(first.get("startedAt").asText())).toMillis());
        }
        assertThat(longestWaitMs).as("longest wait of a healthy delivery for its first attempt, ms").isLessThan(5000);

        assertThat(maxOpen.get()).as("attempts in flight to the black hole at once").isLessThanOrEqualTo(2);
        // its circuit opened after two failures: the rest wait on the schedule, unattempted
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = api.deliveries(hole);
            return items.size() == events && sum(items, "attemptCount") >= 2;
        });
        JsonNode items = api.deliveries(hole);
        assertThat(sum(items, "attemptCount")).isLessThanOrEqualTo(2 + 2);
        assertThat(items).allMatch(d -> List.of("pending", "retrying").contains(d.get("status").asText()));

        // while its circuit is open, new deliveries to it are parked at the fan-out, with no queue message
        double parkedBefore = PrometheusScrape.of("http://127.0.0.1:" + httpPort(), API_KEY)
                .sum("hookline_deliveries_parked_total", "by=\"fanout\"");
        int more = 10;
        for (int i = 0; i < more; i++) {
            broker.sendText("contact.events", EventDeliveryIT.event("e-iso-more-" + i + "-" + UUID.randomUUID(),
                    "contact.subscribed", list, ""));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> healthy.pairCount() == events + more);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.deliveries(hole).size() == events + more);
        assertThat(PrometheusScrape.of("http://127.0.0.1:" + httpPort(), API_KEY)
                .sum("hookline_deliveries_parked_total", "by=\"fanout\"") - parkedBefore).isEqualTo(more);
        assertThat(sum(api.deliveries(hole), "attemptCount")).isLessThanOrEqualTo(2 + 2);
    }

    private static int sum(JsonNode items, String field) {
        int total = 0;
        for (JsonNode d : items) {
            total += d.get(field).asInt();
        }
        return total;
    }
}
