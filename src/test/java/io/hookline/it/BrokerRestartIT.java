package io.hookline.it;

import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RestartableBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker under Hookline is stopped for more than ten seconds while deliveries are under way,
 * producers publish over HTTP and STOMP clients wait for it. HTTP producers are told 503 with
 * Retry-After within the publish timeout (never left hanging, never a 500); every event a producer
 * was told was accepted (a returned OpenWire send, a 202, a STOMP receipt) is delivered to every
 * webhook exactly once, as are the deliveries whose (non-persistent) queue messages the broker
 * dropped: neither Hookline nor the receiver crashed.
 */
class BrokerRestartIT extends HooklineTestSupport {

    // static: the Camel test base reads the properties from its constructor
    private static final RestartableBroker MQ = new RestartableBroker();
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DOWN_FOR = Duration.ofSeconds(10);

    /** What one POST /api/events was answered, and how long it took. */
    private record Answer(int status, String contentType, String retryAfter, long ms) {
    }

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.broker.url", MQ.failoverUrl());
        p.setProperty("hookline.events.publish-timeout", PUBLISH_TIMEOUT.toMillis() + "ms");
        FaultLoad.tune(p);
    }

    @AfterAll
    void stopBroker() {
        context.stop();
        MQ.close();
    }

    @Test
    void producersAreToldToRetryWhileTheBrokerIsDownAndEverythingAcceptedIsDeliveredOnce() throws Exception {
        Broker producer = new Broker(MQ.failoverUrl());
        FaultLoad load = new FaultLoad(api);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicBoolean publishing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        try {
            load.receiver.delay(20);
            load.publish(producer, 300);
            load.awaitDelivered(load.expected() / 6);
            int publishedBefore = load.expected();

            MQ.stop();
            long stoppedAt = System.nanoTime();
            int atStop = load.deliveredPairs();

            // an HTTP producer that sends an event until it is accepted, as a 503 asks
            CompletableFuture<Void> overHttp = CompletableFuture.runAsync(() -> {
                while (publishing.get()) {
                    String event = load.newEvent();
                    Answer a;
                    do {
                        a = post(http, event);
                        answers.add(a);
                    } while (a.status() != 202 && publishing.get());
                    if (a.status() == 202) {
                        load.accepted(event);
                    }
                }
            });
            // STOMP clients that wait for the broker, then send persistently, each send confirmed by a receipt
            AtomicInteger stompRefusals = new AtomicInteger();
            List<CompletableFuture<Void>> overStomp = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                overStomp.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 10; i++) {
                        String event = load.newEvent();
                        while (true) {
                            try {
                                Broker.sendStompPersistent(MQ.stompPort(), "contact.events", event);
                                load.accepted(event);
                                break;
                            } catch (RuntimeException refused) {
                                stompRefusals.incrementAndGet();
                                await().pollDelay(Duration.ofMillis(200)).until(() -> true); // a client's reconnect delay
                            }
                        }
                    }
                }));
            }

            await().alias("the broker kept down for " + DOWN_FOR.toSeconds() + " s while producers try")
                    .atMost(DOWN_FOR.plusSeconds(30))
                    .until(() -> System.nanoTime() - stoppedAt >= DOWN_FOR.toNanos() && answers.size() >= 3);
            List<Answer> whileDown = List.copyOf(answers);
            MQ.start();
            load.publish(producer, 100);
            CompletableFuture.allOf(overStomp.toArray(CompletableFuture[]::new)).get();
            await().alias("HTTP publishing accepted again").atMost(Duration.ofSeconds(30))
                    .until(() -> answers.stream().skip(whileDown.size()).anyMatch(a -> a.status() == 202));
            publishing.set(false);
            overHttp.get();

            assertThat(whileDown).as("answers to POST /api/events while the broker was down").isNotEmpty()
                    .allSatisfy(a -> {
                        assertThat(a.status()).isEqualTo(503);
                        assertThat(a.contentType()).startsWith("application/problem+json");
                        assertThat(a.retryAfter()).as("Retry-After").isNotNull().containsOnlyDigits();
                        assertThat(a.ms()).as("ms to answer").isLessThan(PUBLISH_TIMEOUT.toMillis() + 3000);
                    });
            assertThat(answers).extracting(Answer::status).as("every answer").containsOnly(202, 503);
            assertThat(stompRefusals.get()).as("STOMP sends refused while the broker was down").isPositive();

            load.assertAllDeliveredOnce(Duration.ofSeconds(120));
            assertThat(atStop).as("the broker stopped in mid-load").isLessThan(publishedBefore);
            System.out.printf("broker restart: %d events accepted, %d deliveries, %d before the stop, %d HTTP answers "
                    + "while down (all 503), %d STOMP refusals%n", load.events(), load.expected(), atStop,
                    whileDown.size(), stompRefusals.get());
        } finally {
            publishing.set(false);
            producer.close();
            load.close();
        }
    }

    private Answer post(HttpClient http, String event) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/api/events"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + API_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(null), (System.nanoTime() - start) / 1_000_000);
        } catch (java.io.IOException e) {
            return new Answer(-1, "", null, (System.nanoTime() - start) / 1_000_000); // no answer at all: fails below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
