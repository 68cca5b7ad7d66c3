package io.hookline.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Renders the Mailchimp-style {@code application/x-www-form-urlencoded} body of a webhook with
 * {@code "format": "form"}, from the JSON body stored for the event, so receivers written for
 * Mailchimp or Benchmark Email read Hookline's events unchanged.
 */
public final class FormPayload {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
    private static final DateTimeFormatter FIRED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;

    public FormPayload(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public String render(String jsonPayload) {
        JsonNode root = read(jsonPayload);
        JsonNode data = root.path("data");
        String type = root.path("type").asText();
        boolean emailChanged = EventType.EMAIL_CHANGED.wireName().equals(type);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("type", EventType.fromWireName(type).map(EventType::mailchimpName).orElse(type));
        form.put("fired_at", FIRED_AT.format(Instant.parse(root.path("timestamp").asText())));
        // Hookline has no member id; the event id is the stable identifier a receiver can key on
        putText(form, "data[id]", data.get("eventId"));
        JsonNode email = data.path("contact").get("email");
        putText(form, "data[email]", email);
        putText(form, "data[list_id]", data.get("listId"));
        putText(form, "data[webhook_id]", data.get("webhookId"));
        if (email != null) {
            putText(form, "data[merges][EMAIL]", email);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = data.path("contact").path("fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            form.put("data[merges][" + field.getKey() + "]", text(field.getValue()));
        }
        if (emailChanged) {
            putText(form, "data[new_email]", email);
            putText(form, "data[old_email]", data.get("previousEmail"));
        }
        putText(form, "data[reason]", data.get("reason"));
        return encode(form);
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            // stored payloads were rendered by WebhookPayload and always parse
            throw new IllegalStateException("stored webhook payload is not JSON", e);
        }
    }

    private static void putText(Map<String, String> form, String name, JsonNode value) {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            form.put(name, text(value));
        }
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String encode(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
