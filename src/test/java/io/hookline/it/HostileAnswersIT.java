package io.hookline.it;

import io.hookline.support.HooklineTestSupport;
import io.hookline.support.LogCapture;
import io.hookline.support.PrometheusScrape;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receivers whose answers PostgreSQL cannot store as sent (a NUL in a 2xx or a 5xx body, a chunk
 * header of control characters that the HTTP client quotes in its error) beside healthy receivers,
 * all deliveries at once: every success is recorded once, the hostile deliveries reach a recorded
 * state with a cleaned text, nobody is sent anything twice (even after the lease), and no receiver
 * byte reaches a log line raw.
 */
class HostileAnswersIT extends HooklineTestSupport {

    private static final int EVENTS = 40;
    private static RecordingReceiver healthy;
    private static RecordingReceiver hostile;
    private static ServerSocket badChunks;
    private static final Map<String, AtomicInteger> badChunkRequests = new ConcurrentHashMap<>();

    @Override
    protected void tune(Properties p) {
        // short, so that a success left unrecorded would be sent again within the test
        p.setProperty("hookline.delivery.lease", "4s");
        // failed deliveries stay retrying: their POSTs are the first attempt and its in-process retries
        p.setProperty("hookline.delivery.retry-schedule", "1h");
        p.setProperty("hookline.delivery.circuit-failure-threshold", "1000");
    }

    @BeforeAll
    static void startReceivers() throws IOException {
        healthy = new RecordingReceiver();
        hostile = new RecordingReceiver();
        hostile.answerOn("/nul-ok", 200, "{\"ok\":true}\u0000\u001b[2J".getBytes(StandardCharsets.UTF_8));
        hostile.answerOn("/nul-error", 500, "\u0000boom\u0000\n12:00:00.000 INFO forged".getBytes(StandardCharsets.UTF_8));
        badChunks = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!badChunks.isClosed()) {
                try {
                    Socket s = badChunks.accept();
                    Thread t = new Thread(() -> answerWithABadChunk(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads one request and answers 200 with a chunk header of control characters. */
    private static void answerWithABadChunk(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            String webhookId = null;
            int length = 0;
            for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                String lower = line.toLowerCase();
                if (lower.startsWith("webhook-id:")) {
                    webhookId = line.substring(line.indexOf(':') + 1).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            in.readNBytes(length);
            badChunkRequests.computeIfAbsent(String.valueOf(webhookId), k -> new AtomicInteger()).incrementAndGet();
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz\u0000\u001b[31m\rforged\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the client gave up: nothing to record
        }
    }

    @AfterAll
    static void stopReceivers() throws IOException {
        healthy.close();
        hostile.close();
        badChunks.close();
    }

    @Test
    void hostileAnswersAreStoredCleanedAndNeverCostAnotherDeliveryItsRecordOrADuplicate() throws Exception {
        String list = "list_" + UUID.randomUUID();
        String healthyA = webhook(list, healthy.url("/a"));
        String healthyB = webhook(list, healthy.url("/b"));
        String nulOk = webhook(list, hostile.url("/nul-ok"));
        String nulError = webhook(list, hostile.url("/nul-error"));
        String badChunk = webhook(list, "http://127.0.0.1:" + badChunks.getLocalPort() + "/chunk");

        try (LogCapture logs = LogCapture.begin()) {
            for (int i = 0; i < EVENTS; i++) {
                broker.sendText("contact.events", EventDeliveryIT.event("e-hostile-" + i + "-" + UUID.randomUUID(),
                        "contact.subscribed", list, ""));
            }
            await().alias("every delivery in a final recorded state").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500)).until(() ->
                            statuses(healthyA).equals(Map.of("succeeded", EVENTS))
                                    && statuses(healthyB).equals(Map.of("succeeded", EVENTS))
                                    && statuses(nulOk).equals(Map.of("succeeded", EVENTS))
                                    && statuses(nulError).equals(Map.of("retrying", EVENTS))
                                    && statuses(badChunk).equals(Map.of("retrying", EVENTS)));

            // three leases on, nothing was sent again: no success went unrecorded
            Map<String, Integer> requestsSoFar = requests();
            await().alias("no request more while three leases run out").atMost(Duration.ofSeconds(20))
                    .during(Duration.ofSeconds(12)).until(() -> requests().equals(requestsSoFar));

            assertThat(healthy.requestsByWebhookId()).hasSize(2 * EVENTS).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(healthy.pairs()).hasSize(2 * EVENTS);
            Map<String, Integer> hostileRequests = hostile.requestsByWebhookId();
            assertThat(hostileRequests).hasSize(2 * EVENTS);
            // a success is one POST; a 500 is the attempt and its two in-process retries, no more
            for (String id : deliveryIds(nulOk)) {
                assertThat(hostileRequests.get(id)).as("POSTs of %s", id).isEqualTo(1);
            }
            for (String id : deliveryIds(nulError)) {
                assertThat(hostileRequests.get(id)).as("POSTs of %s", id).isEqualTo(3);
            }
            assertThat(badChunkRequests).hasSize(EVENTS).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(3));

            // every attempt recorded exactly once, with the receiver's bytes cleaned
            assertThat(attempts(healthyA)).allSatisfy((id, n) -> assertThat(n).isEqualTo(1)).hasSize(EVENTS);
            assertThat(attempts(nulOk)).allSatisfy((id, n) -> assertThat(n).isEqualTo(1)).hasSize(EVENTS);
            assertThat(attempts(nulError)).allSatisfy((id, n) -> assertThat(n).isEqualTo(3)).hasSize(EVENTS);
            assertThat(excerpts(nulOk)).containsOnly("{\"ok\":true}\\u0000\\u001b[2J");
            assertThat(excerpts(nulError))
                    .containsOnly("\\u0000boom\\u0000\n12:00:00.000 INFO forged");
            assertThat(texts(nulError, "d.last_error")).containsOnly("HTTP 500");
            assertThat(texts(badChunk, "d.last_error")).hasSize(1).allSatisfy(error -> assertThat(error)
                    .contains("Bad chunk header", "zz\\u0000\\u001b[31m\\u000dforged")
                    .doesNotContain("\u0000", "\u001b", "\r"));

            assertThat(PrometheusScrape.of("http://127.0.0.1:" + httpPort(), API_KEY).sum("hookline_deliveries_unrecorded_total"))
                    .isZero();
            // receiver bytes never reach a log line raw (the chunk header is quoted in the failure lines)
            List<LogCapture.Line> hooklineLines = logs.lines().stream()
                    .filter(l -> l.logger().startsWith("io.hookline")).toList();
            assertThat(hooklineLines).anySatisfy(l -> assertThat(l.text()).contains("Bad chunk header"));
            assertThat(hooklineLines).allSatisfy(l -> assertThat(l.text()).doesNotContainPattern("[\\x00-\\x1f\\x7f]"));
        }
    }

    private String webhook(String list, String url) {
        return api.createWebhook(list, url, List.of("contact.subscribed")).get("id").asText();
    }

    private static Map<String, Integer> requests() {
        Map<String, Integer> all = new HashMap<>(healthy.requestsByWebhookId());
        all.putAll(hostile.requestsByWebhookId());
        badChunkRequests.forEach((id, n) -> all.put(id, n.get()));
        return all;
    }

    private static Map<String, Integer> statuses(String webhookId) throws SQLException {
        return counts("SELECT status, count(*) FROM delivery WHERE webhook_id = ? GROUP BY status", webhookId);
    }

    /** Each delivery's attempts as its log lists them (the API's delivery detail). */
    private Map<String, Integer> attempts(String webhookId) throws SQLException {
        Map<String, Integer> attempts = new HashMap<>();
        for (String id : deliveryIds(webhookId)) {
            attempts.put(id, api.delivery(id).get("attempts").size());
        }
        return attempts;
    }

    /** Distinct response excerpts in the logs of a webhook's deliveries (the API's delivery detail). */
    private List<String> excerpts(String webhookId) throws SQLException {
        java.util.Set<String> excerpts = new java.util.HashSet<>();
        for (String id : deliveryIds(webhookId)) {
            api.delivery(id).get("attempts").forEach(a -> excerpts.add(a.get("responseExcerpt").asText()));
        }
        return List.copyOf(excerpts);
    }

    private static List<String> deliveryIds(String webhookId) throws SQLException {
        return List.copyOf(counts("SELECT id, 0 FROM delivery WHERE webhook_id = ?", webhookId).keySet());
    }

    /** Distinct values of one text column of a webhook's deliveries. */
    private static List<String> texts(String webhookId, String column) throws SQLException {
        return List.copyOf(counts("SELECT DISTINCT " + column + ", 0 FROM delivery d WHERE d.webhook_id = ?", webhookId).keySet());
    }

    private static Map<String, Integer> counts(String sql, String webhookId) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = SharedInfra.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, webhookId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }
}
