package io.hookline.it;

import io.hookline.support.ApiClient;
import io.hookline.support.HooklineProcess;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producers' side of "nothing accepted is lost": an event whose STOMP receipt came back is
 * delivered, also when the process holding the embedded broker is killed the next moment, and also
 * when its producer did not ask for {@code persistent:true}.
 */
class ProducerDurabilityIT {

    private static final String KEY = "test-api-key";
    private final RecordingReceiver receiver = new RecordingReceiver();
    private final List<HooklineProcess> processes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        processes.forEach(HooklineProcess::close);
        receiver.close();
    }

    @Test
    void everyEventWhoseReceiptCameBackIsDeliveredAcrossAKillOfTheProcessHoldingTheBroker() throws Exception {
        Path dataDir = Files.createTempDirectory("hookline-producers");
        int stomp = SharedInfra.freePort();
        Map<String, String> settings = Map.of(
                "hookline.data-dir", dataDir.toString(),
                "hookline.broker.embedded.openwire", "tcp://127.0.0.1:" + SharedInfra.freePort(),
                "hookline.broker.embedded.stomp", "stomp://127.0.0.1:" + stomp,
                "hookline.api.keys", KEY,
                "hookline.delivery.allow-private-targets", "true",
                // one event consumer: most of the burst is still on the queue when the process dies
                "hookline.events.concurrency", "1",
                "camel.main.jmx-enabled", "false");
        HooklineProcess first = HooklineProcess.start("producers-1", settings);
        processes.add(first);
        String list = "list_" + UUID.randomUUID();
        new ApiClient(first.baseUrl(), KEY).createWebhook(list, receiver.url("/durable"), List.of("contact.subscribed"));

        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            events.add("e-durable-" + i + "-" + UUID.randomUUID());
        }
        // every other one without persistent:true, as a careless producer sends
        String brokerPassword = Files.readString(dataDir.resolve("broker-password")).trim();
        Set<String> accepted = sendWithReceipts(stomp, brokerPassword, list, events);
        first.kill();
        Set<String> deliveredBeforeKill = receivedEvents();
        assertThat(accepted).as("receipts").hasSize(events.size());
        assertThat(deliveredBeforeKill).as("killed before the burst was through").hasSizeLessThan(events.size());

        // the restart consumes at the shipped concurrency: only the kill needed a backlog
        Map<String, String> restart = new java.util.HashMap<>(settings);
        restart.remove("hookline.events.concurrency");
        processes.add(HooklineProcess.start("producers-2", restart));
        await().alias("every accepted event delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> receivedEvents().containsAll(accepted));
        Set<String> lost = new HashSet<>(accepted);
        lost.removeAll(receivedEvents());
        assertThat(lost).as("accepted events lost").isEmpty();
        assertThat(receiver.webhookIdsByPair().values()).as("a repeat carries the same webhook-id").allMatch(s -> s.size() == 1);
        System.out.printf("producers: %d events accepted by receipt, %d delivered before the kill, all %d after the restart%n",
                accepted.size(), deliveredBeforeKill.size(), accepted.size());
    }

    private Set<String> receivedEvents() {
        return receiver.received().stream().map(RecordingReceiver.Received::eventId).collect(Collectors.toSet());
    }

    /** Sends every event on one STOMP connection, each asking for a receipt; answers the events whose receipt came. */
    private static Set<String> sendWithReceipts(int port, String password, String list, List<String> events) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:hookline\npasscode:" + password + "\n\n\0")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(readFrame(in)).startsWith("CONNECTED");
            // receipts read while sending, so neither side's buffer fills
            CompletableFuture<Set<String>> receipts = CompletableFuture.supplyAsync(() -> {
                Set<String> ids = new HashSet<>();
                try {
                    while (ids.size() < events.size()) {
                        String frame = readFrame(in);
                        assertThat(frame).startsWith("RECEIPT");
                        ids.add(frame.substring(frame.indexOf("receipt-id:") + 11).split("\n")[0].trim());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return ids;
            });
            for (int i = 0; i < events.size(); i++) {
                String id = events.get(i);
                byte[] body = EventDeliveryIT.event(id, "contact.subscribed", list, "").getBytes(StandardCharsets.UTF_8);
                String headers = "SEND\ndestination:/queue/contact.events\ncontent-type:application/json\n"
                        + (i % 2 == 0 ? "persistent:true\n" : "")
                        + "content-length:" + body.length + "\nreceipt:" + id + "\n\n";
                out.write(headers.getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.write(0);
            }
            out.flush();
            return receipts.get(60, TimeUnit.SECONDS);
        }
    }

    /** One frame up to its NUL, without the end-of-line heart-beats between frames. */
    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (frame.size() > 0 || (b != '\n' && b != '\r')) {
                frame.write(b);
            }
        }
        return frame.toString(StandardCharsets.UTF_8);
    }
}
