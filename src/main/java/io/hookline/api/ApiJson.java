package io.hookline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.event.ContactEvent;
import io.hookline.store.DeliveryView;
import io.hookline.store.HourlyDeliveries;
import io.hookline.store.Page;
import io.hookline.store.Webhook;
import io.hookline.store.WebhookWithSecret;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes API answers: the resources' JSON field names are part of the contract. */
public class ApiJson {

    private final ObjectMapper mapper;

    public ApiJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Sets the exchange's answer to the body rendered as JSON, with the given status. */
    public void answer(Exchange exchange, int status) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        Object json = body == null ? null : render(body);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (json != null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(mapper.writeValueAsString(json));
        } else {
            exchange.getMessage().setBody(null);
        }
    }

    public void ok(Exchange exchange) throws JsonProcessingException {
        answer(exchange, 200);
    }

    public void created(Exchange exchange) throws JsonProcessingException {
        answer(exchange, 201);
    }

    public void accepted(Exchange exchange) throws JsonProcessingException {
        answer(exchange, 202);
    }

    /** The answer to a published event: its id, once it is on the queue. */
    public Map<String, Object> acceptedEvent(ContactEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", event.id());
        m.put("type", event.type().wireName());
        m.put("status", "accepted");
        return m;
    }

    /** The answer to GET /api/webhooks/{id}/secret. */
    public Map<String, String> secret(String secret) {
        return Map.of("secret", secret);
    }

    public void noContent(Exchange exchange) throws JsonProcessingException {
        exchange.getMessage().setBody(null);
        answer(exchange, 204);
    }

    private Object render(Object body) {
        if (body instanceof WebhookWithSecret w) {
            Map<String, Object> m = webhook(w.webhook());
            m.put("secret", w.secret());
            return m;
        }
        if (body instanceof Webhook w) {
            return webhook(w);
        }
        if (body instanceof DeliveryView d) {
            return delivery(d);
        }
        if (body instanceof HourlyDeliveries h) {
            return hourly(h);
        }
        if (body instanceof Page<?> p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("items", p.items().stream().map(this::render).toList());
            m.put("nextCursor", p.nextCursor());
            return m;
        }
        return body;
    }

    private static Map<String, Object> webhook(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("listId", w.listId());
        m.put("url", w.url());
        m.put("events", w.events());
        m.put("sources", w.sources());
        m.put("format", w.format());
        m.put("description", w.description());
        m.put("enabled", w.enabled());
        m.put("disabledReason", w.disabledReason());
        m.put("createdAt", str(w.createdAt()));
        m.put("updatedAt", str(w.updatedAt()));
        m.put("failingSince", str(w.failingSince()));
        m.put("lastDeliveryAt", str(w.lastDeliveryAt()));
        m.put("lastDeliveryStatus", w.lastDeliveryStatus());
        return m;
    }

    private static Map<String, Object> hourly(HourlyDeliveries h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("webhookId", h.webhookId());
        m.put("hours", h.hours());
        m.put("buckets", h.buckets().stream().map(b -> {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("hour", str(b.hour()));
            bm.put("succeeded", b.succeeded());
            bm.put("retrying", b.retrying());
            bm.put("dead", b.dead());
            bm.put("pending", b.pending());
            bm.put("skipped", b.skipped());
            return bm;
        }).toList());
        return m;
    }

    private static Map<String, Object> delivery(DeliveryView d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("webhookId", d.webhookId());
        m.put("eventId", d.eventId());
        m.put("eventType", d.eventType());
        m.put("status", d.status());
        m.put("attemptCount", d.attemptCount());
        m.put("nextAttemptAt", str(d.nextAttemptAt()));
        m.put("lastStatusCode", d.lastStatusCode());
        m.put("lastError", d.lastError());
        m.put("createdAt", str(d.createdAt()));
        m.put("completedAt", str(d.completedAt()));
        if (d.attempts() != null) {
            List<Map<String, Object>> attempts = d.attempts().stream().map(a -> {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("attempt", a.attempt());
                am.put("startedAt", str(a.startedAt()));
                am.put("durationMs", a.durationMs());
                am.put("statusCode", a.statusCode());
                am.put("responseExcerpt", a.responseExcerpt());
                am.put("error", a.error());
                return am;
            }).toList();
            m.put("attempts", attempts);
        }
        return m;
    }

    private static String str(java.time.Instant t) {
        return t == null ? null : t.toString();
    }
}
