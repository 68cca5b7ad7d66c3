package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With private targets not allowed, no connection reaches a listener on 127.0.0.1, whatever the
 * stored URL says: a webhook created with a public URL whose host later points at loopback (the
 * URL is changed in the database, as a DNS change would) is refused when connecting, through an IP
 * literal, a name that resolves to 127.0.0.1 or an unusual spelling. The listener answers on ::1
 * too, on the same port, so the IPv6 case would see a connection the guard let through.
 */
class TargetGuardAtConnectionIT extends HooklineTestSupport {

    private static ServerSocket listener;
    private static ServerSocket listenerV6;
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.allow-private-targets", "false");
        p.setProperty("hookline.delivery.redeliveries", "0");
    }

    @BeforeAll
    static void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        listenerV6 = new ServerSocket(listener.getLocalPort(), 50, InetAddress.getByName("::1"));
        countConnections(listener, "loopback-listener");
        countConnections(listenerV6, "loopback-listener-v6");
    }

    private static void countConnections(ServerSocket socket, String name) {
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    CONNECTIONS.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void close() throws IOException {
        listener.close();
        listenerV6.close();
    }

    @ParameterizedTest(name = "no connection reaches 127.0.0.1 through {0}")
    @ValueSource(strings = {"127.0.0.1", "localhost", "2130706433", "[::ffff:127.0.0.1]", "127.1", "0x7f.1",
            "017700000001", "0177.0.0.1", "[::1]"})
    void aWebhookWhoseHostNowReachesLoopbackIsRefusedWhenConnectingAndNothingConnects(String host) throws Exception {
        String list = "list_" + UUID.randomUUID();
        JsonNode hook = api.createWebhook(list, "https://93.184.215.14/hook", List.of("contact.subscribed"));
        String id = hook.get("id").asText();
        repoint(id, "http://" + host + ":" + listener.getLocalPort() + "/hook");
        int before = CONNECTIONS.get();

        broker.sendText("contact.events", EventDeliveryIT.event("e-" + UUID.randomUUID(), "subscribe", list, ""));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode deliveries = api.deliveries(id);
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).path("attemptCount").asInt()).isGreaterThanOrEqualTo(1);
        });
        JsonNode delivery = api.delivery(api.deliveries(id).get(0).get("id").asText());
        assertThat(delivery.path("status").asText()).isIn("retrying", "dead");
        assertThat(delivery.path("lastStatusCode").isNull()).as("no HTTP answer: %s", delivery).isTrue();
        assertThat(delivery.path("lastError").asText()).as("the attempt failed before connecting").isNotBlank();
        assertThat(CONNECTIONS.get()).as("connections that reached the loopback listener").isEqualTo(before);
    }

    /** Changes the stored URL behind the API's back, as a DNS record changed after creation would. */
    private static void repoint(String webhookId, String url) throws Exception {
        try (Connection c = SharedInfra.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook SET url = ? WHERE id = ?")) {
            ps.setString(1, url);
            ps.setString(2, webhookId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
