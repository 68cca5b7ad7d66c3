package io.hookline.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that keeps a ledger of what it was sent: every request's path, webhook-id
 * and event id, so a test can count each expected delivery, lost ones and duplicates. A path
 * can be made flaky: it fails the first requests of every webhook-id, so each delivery to it needs
 * retries, and every request (failed or not) is counted per webhook-id.
 */
public final class RecordingReceiver implements AutoCloseable {

    /** One request answered 2xx; {@code atNanos} when its answer was decided (System.nanoTime). */
    public record Received(String path, String webhookId, String eventId, long atNanos) {
    }

    private record Answer(int status, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    // a queue, not a copy-on-write list: tens of thousands of deliveries arrive
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger receivedCount = new AtomicInteger();
    // kept as requests arrive, so a test polling for progress reads a count instead of copying the ledger
    private final Set<String> pairs = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> requestsByWebhookId = new ConcurrentHashMap<>();
    private final Map<String, Integer> failuresByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureStatusByPath = new ConcurrentHashMap<>();
    private final Map<String, Answer> answersByPath = new ConcurrentHashMap<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger maxInProgress = new AtomicInteger();
    private volatile long delayMs;
    private final int port;
    private HttpServer server;
    private java.util.concurrent.ExecutorService workers;

    public RecordingReceiver() {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    /**
     * Goes away: connections to its port are refused until {@link #comeBack()}. Returns how many
     * requests it cut off in the middle: a sender may have had no answer to them and send them again.
     */
    public synchronized int goAway() {
        server.stop(0);
        int cutOff = inProgress.get();
        workers.shutdown();
        return cutOff;
    }

    /** Listens again on the same port, with the same ledger. */
    public synchronized void comeBack() {
        server = listen(port);
    }

    private HttpServer listen(int onPort) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        workers = Executors.newFixedThreadPool(32);
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            maxInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                answer(exchange);
            } finally {
                inProgress.decrementAndGet();
            }
        });
        server.start();
        return server;
    }

    private void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            if (delayMs > 0) {
                Thread.sleep(delayMs); // the receiver's own processing time
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
        String path = exchange.getRequestURI().getPath();
        int request = webhookId == null ? 1
                : requestsByWebhookId.computeIfAbsent(webhookId, k -> new AtomicInteger()).incrementAndGet();
        Answer fixed = answersByPath.get(path);
        int answer = request <= failuresByPath.getOrDefault(path, 0) ? failureStatusByPath.getOrDefault(path, 503)
                : fixed != null ? fixed.status() : status.get();
        if (answer < 300) {
            JsonNode json = JSON.readTree(body);
            String eventId = json.at("/data/eventId").asText();
            received.add(new Received(path, webhookId, eventId, System.nanoTime()));
            pairs.add(path + " " + eventId);
            receivedCount.incrementAndGet();
        }
        if (fixed != null && fixed.body().length > 0) {
            exchange.sendResponseHeaders(answer, fixed.body().length);
            exchange.getResponseBody().write(fixed.body());
        } else {
            exchange.sendResponseHeaders(answer, -1);
        }
        exchange.close();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void answer(int statusCode) {
        status.set(statusCode);
    }

    /** The most requests it was handling at once since the last {@link #resetMaxInProgress}. */
    public int maxInProgress() {
        return maxInProgress.get();
    }

    /** Starts counting {@link #maxInProgress} again from the requests in progress now. */
    public void resetMaxInProgress() {
        maxInProgress.set(inProgress.get());
    }

    /** Requests to this path are answered with this status and body, whatever {@link #answer} says. */
    public void answerOn(String path, int statusCode, byte[] body) {
        answersByPath.put(path, new Answer(statusCode, body.clone()));
    }

    public void delay(long ms) {
        this.delayMs = ms;
    }

    /** Requests to this path answer 503 to the first {@code failures} requests of every webhook-id. */
    public void failFirst(String path, int failures) {
        failuresByPath.put(path, failures);
    }

    /** As {@link #failFirst(String, int)}, answering {@code status} instead of 503. */
    public void failFirst(String path, int failures, int status) {
        failureStatusByPath.put(path, status);
        failuresByPath.put(path, failures);
    }

    /** Every request received for a webhook-id, whatever the answer: the attempts made of that delivery. */
    public Map<String, Integer> requestsByWebhookId() {
        Map<String, Integer> counts = new java.util.HashMap<>();
        requestsByWebhookId.forEach((id, n) -> counts.put(id, n.get()));
        return counts;
    }

    /** A snapshot of the requests answered with a 2xx. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public int receivedCount() {
        return receivedCount.get();
    }

    /** Distinct (path, event) pairs received with a 2xx answer. */
    public Set<String> pairs() {
        return Set.copyOf(pairs);
    }

    /** How many distinct (path, event) pairs were received with a 2xx answer, without copying them. */
    public int pairCount() {
        return pairs.size();
    }

    /** For each (path, event) received more than once, whether every copy carried the same webhook-id. */
    public Map<String, Set<String>> webhookIdsByPair() {
        Map<String, Set<String>> ids = new ConcurrentHashMap<>();
        for (Received r : received) {
            ids.computeIfAbsent(r.path() + " " + r.eventId(), k -> ConcurrentHashMap.newKeySet()).add(r.webhookId());
        }
        return ids;
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        workers.shutdown();
    }
}
