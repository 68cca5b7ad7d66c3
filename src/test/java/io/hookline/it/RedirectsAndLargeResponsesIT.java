package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hookline.support.HooklineTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A receiver cannot steer or flood a delivery: a redirect to 127.0.0.1 is never followed (the
 * attempt fails with the 3xx, nothing reaches the redirect target), and an endless response body is
 * read only up to hookline.delivery.max-response-bytes, then the connection is dropped. Private
 * targets are allowed here only so that the receivers can be local.
 */
class RedirectsAndLargeResponsesIT extends HooklineTestSupport {

    private static final int CAP = 65_536;
    private static HttpServer server;
    private static final AtomicInteger REDIRECT_TARGET_HITS = new AtomicInteger();

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.max-response-bytes", Integer.toString(CAP));
        p.setProperty("hookline.delivery.timeout", "10s");
    }

    @BeforeAll
    static void startReceivers() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/target", exchange -> {
            REDIRECT_TARGET_HITS.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        for (int status : new int[] {301, 302, 303, 307, 308}) {
            server.createContext("/redirect/" + status, exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/target");
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
        }
        // answers 200 or 500 and then streams for 20 s, twice the timeout, unless the client hangs up
        for (int status : new int[] {200, 500}) {
            server.createContext("/endless/" + status, exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(status, 0);
                byte[] chunk = new byte[16_384];
                java.util.Arrays.fill(chunk, (byte) 'z');
                try (OutputStream out = exchange.getResponseBody()) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (System.nanoTime() < deadline) {
                        out.write(chunk);
                    }
                } catch (IOException hungUp) {
                    // what a capped reader does
                }
            });
        }
        server.start();
    }

    @AfterAll
    static void stopReceivers() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private JsonNode deliverOne(String path) {
        String list = "list_" + UUID.randomUUID();
        String id = api.createWebhook(list, url(path), List.of("contact.subscribed")).get("id").asText();
        broker.sendText("contact.events", EventDeliveryIT.event("e-" + UUID.randomUUID(), "subscribe", list, ""));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode d = api.deliveries(id);
            return d.size() == 1 && d.get(0).path("attemptCount").asInt() >= 1;
        });
        return api.delivery(api.deliveries(id).get(0).get("id").asText());
    }

    @ParameterizedTest(name = "a {0} redirect to 127.0.0.1 is not followed")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsAFailedAttemptAndIsNeverFollowed(int status) {
        int before = REDIRECT_TARGET_HITS.get();

        JsonNode delivery = deliverOne("/redirect/" + status);

        assertThat(delivery.path("status").asText()).isEqualTo("retrying");
        assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(status);
        assertThat(REDIRECT_TARGET_HITS.get()).as("requests that reached the redirect target").isEqualTo(before);
    }


    @Test
    void anEndlessSuccessfulAnswerIsReadOnlyUpToTheCapAndTheDeliverySucceeds() {
        JsonNode delivery = deliverOne("/endless/200");

        assertThat(delivery.path("status").asText()).isEqualTo("succeeded");
        JsonNode attempt = delivery.path("attempts").get(0);
        assertThat(attempt.path("durationMs").asInt()).as("well before the 10 s timeout").isLessThan(8_000);
        assertThat(attempt.path("responseExcerpt").asText().length()).isLessThanOrEqualTo(2048);
    }


    @Test
    void anEndlessErrorAnswerIsReadOnlyUpToTheCapAndRecordedAsItsStatus() {
        JsonNode delivery = deliverOne("/endless/500");

        assertThat(delivery.path("status").asText()).isEqualTo("retrying");
        assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(500);
        JsonNode attempt = delivery.path("attempts").get(0);
        assertThat(attempt.path("durationMs").asInt()).as("well before the 10 s timeout").isLessThan(8_000);
        assertThat(attempt.path("responseExcerpt").asText().length()).isLessThanOrEqualTo(2048);
    }
}
