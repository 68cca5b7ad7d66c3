package io.hookline.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/** Renders the JSON body of outgoing webhooks; the field order is part of the contract with receivers. */
public final class WebhookPayload {

    private final ObjectMapper mapper;

    public WebhookPayload(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public String render(ContactEvent event) {
        ObjectNode root = envelope(event.type().wireName(), event.occurredAt());
        ObjectNode data = root.putObject("data");
        data.put("eventId", event.id());
        data.put("listId", event.listId());
        ObjectNode contact = data.putObject("contact");
        contact.put("email", event.email());
        ObjectNode fields = contact.putObject("fields");
        for (Map.Entry<String, Object> field : event.fields().entrySet()) {
            fields.set(field.getKey(), mapper.valueToTree(field.getValue()));
        }
        putIfPresent(data, "source", event.source());
        putIfPresent(data, "previousEmail", event.previousEmail());
        putIfPresent(data, "reason", event.reason());
        return write(root);
    }

    /** The body of a {@code webhook.test} delivery, sent when a customer tests a webhook. */
    public String renderTest(String webhookId, String listId, Instant now) {
        ObjectNode root = envelope(EventType.TEST.wireName(), now);
        ObjectNode data = root.putObject("data");
        data.put("webhookId", webhookId);
        data.put("listId", listId);
        return write(root);
    }

    private ObjectNode envelope(String type, Instant timestamp) {
        ObjectNode root = mapper.createObjectNode();
        root.put("type", type);
        // ISO_INSTANT is RFC 3339 in UTC and keeps sub-second digits only when there are any.
        root.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
        return root;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private String write(ObjectNode root) {
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises.
            throw new IllegalStateException("cannot render webhook payload", e);
        }
    }
}
