package io.hookline.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** With "verify": true a webhook is only created when its URL answers a GET with 2xx within the timeout. */
class VerifyOnCreateIT extends HooklineTestSupport {

    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(get(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(get(urlEqualTo("/missing")).willReturn(aResponse().withStatus(404)));
        receiver.stubFor(get(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", "/ok")));
        receiver.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(6_000)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private Response create(String list, String url, String verify) {
        return api.call("POST", "/api/lists/" + list + "/webhooks",
                "{\"url\":\"" + url + "\",\"events\":[\"subscribe\"],\"verify\":" + verify + "}");
    }

    private void assertRefused(String list, Response r, String detailPart) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains(detailPart);
        assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("url");
        assertThat(api.get("/api/lists/" + list + "/webhooks").json().get("items")).as("nothing created").isEmpty();
    }

    @Test
    void aUrlAnsweringTheGetWith2xxIsCreatedAfterOneGet() {
        String list = "list_" + UUID.randomUUID();
        int before = receiver.findAll(getRequestedFor(urlEqualTo("/ok"))).size();

        Response r = create(list, url("/ok"), "true");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(receiver.findAll(getRequestedFor(urlEqualTo("/ok")))).hasSize(before + 1);
        assertThat(receiver.findAll(getRequestedFor(urlEqualTo("/ok"))).get(before).getHeader("User-Agent")).startsWith("Hookline/");
    }

    @Test
    void aUrlAnsweringNon2xxIs422SayingWhatItAnswered() {
        String list = "list_" + UUID.randomUUID();
        assertRefused(list, create(list, url("/missing"), "true"), "answered 404");
        assertRefused(list, create(list, url("/moved"), "true"), "answered 302");
    }

    @Test
    void aUrlThatDoesNotAnswerWithinTheTimeoutIs422() {
        String list = "list_" + UUID.randomUUID();
        Instant start = Instant.now();

        Response r = create(list, url("/slow"), "true");

        assertRefused(list, r, "did not answer within");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aUrlRefusingTheConnectionIs422() {
        String list = "list_" + UUID.randomUUID();
        assertRefused(list, create(list, "http://127.0.0.1:" + SharedInfra.freePort() + "/x", "true"), "GET http://127.0.0.1:");
    }

    /**
     * A receiver answering the GET with 200 and a gigabyte (sized, or chunked without end) is read up
     * to the delivery cap, then its connection is dropped: the check neither drains it nor waits for it.
     */
    @Test
    void aHugeAnswerToTheGetIsCutAtTheResponseCapNotReadToItsEnd() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            try (EndlessAnswer endless = new EndlessAnswer(chunked)) {
                String list = "list_" + UUID.randomUUID();
                Instant start = Instant.now();

                Response r = create(list, "http://127.0.0.1:" + endless.port() + "/huge", "true");

                assertThat(r.status()).as("chunked=%s: %s", chunked, r.body()).isEqualTo(201);
                assertThat(Duration.between(start, Instant.now())).as("chunked=%s", chunked).isLessThan(Duration.ofSeconds(2));
                long written = endless.awaitClosed();
                // the cap (64 KiB) plus what the sockets' buffers hold; not the gigabyte
                assertThat(written).as("bytes the receiver got to write, chunked=%s", chunked).isLessThan(32L << 20);
            }
        }
    }

    /** Answers one request with 200 and body bytes for as long as the client reads them. */
    private static final class EndlessAnswer implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.CompletableFuture<Long> written = new java.util.concurrent.CompletableFuture<>();

        EndlessAnswer(boolean chunked) throws java.io.IOException {
            Thread t = new Thread(() -> serve(chunked), "endless-answer");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(boolean chunked) {
            long count = 0;
            try (java.net.Socket s = server.accept()) {
                java.io.InputStream in = s.getInputStream();
                int matched = 0;
                while (matched < 4) { // up to the blank line ending the request head
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                java.io.OutputStream out = s.getOutputStream();
                out.write((chunked ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] block = new byte[64 * 1024];
                java.util.Arrays.fill(block, (byte) 'x');
                byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                while (count < (1L << 30)) {
                    if (chunked) {
                        out.write(chunkHead);
                    }
                    out.write(block);
                    if (chunked) {
                        out.write('\r');
                        out.write('\n');
                    }
                    count += block.length;
                }
            } catch (java.io.IOException closedByTheClient) {
                // what a capped reader does
            } finally {
                written.complete(count);
            }
        }

        long awaitClosed() throws Exception {
            return written.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    @Test
    void withoutVerifyNoGetIsMadeAndANonBooleanVerifyIs400() {
        String list = "list_" + UUID.randomUUID();
        assertThat(create(list, url("/missing"), "false").status()).isEqualTo(201);
        Response r = create(list, url("/ok"), "\"yes\"");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("verify");
    }
}
