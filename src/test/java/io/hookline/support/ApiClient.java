package io.hookline.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A small client of Hookline's management API for tests. */
public final class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // HTTP/1.1: the JDK client's default asks every new connection to upgrade to h2c, which the API
    // server accepts; once in a full suite a call then hung past its own timeout
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    public ApiClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    public Response call(String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            // a hard bound besides the request's timeout: a test fails, it never hangs the suite
            HttpResponse<String> r = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                    .get(20, TimeUnit.SECONDS);
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException(method + " " + path + " failed", e.getCause()));
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException(method + " " + path + " had no answer in 20 s", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response call(String method, String path, String body) {
        return call(method, path, body, "Bearer " + key);
    }

    public Response get(String path) {
        return call("GET", path, null);
    }

    /** Creates a webhook and returns the answer (id and secret among its fields). */
    public JsonNode createWebhook(String listId, String url, List<String> events, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        body.putAll(extra);
        try {
            Response r = call("POST", "/api/lists/" + listId + "/webhooks", MAPPER.writeValueAsString(body));
            if (r.status() != 201) {
                throw new AssertionError("create webhook answered " + r.status() + ": " + r.body());
            }
            return r.json();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode createWebhook(String listId, String url, List<String> events) {
        return createWebhook(listId, url, events, Map.of());
    }

    public JsonNode delivery(String id) {
        return get("/api/deliveries/" + id).json();
    }

    /** All deliveries of a webhook (first page of up to 200), newest first. */
    public JsonNode deliveries(String webhookId) {
        return get("/api/webhooks/" + webhookId + "/deliveries?limit=200").json().get("items");
    }
}
