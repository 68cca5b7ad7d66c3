package io.hookline.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * Renders the JSON body of outgoing webhooks; the field order is part of the contract with receivers.
 * Written straight to the mapper's generator, field by field, with the bytes a tree of the same
 * values would give (numbers as the mapper's tree holds them: decimals without trailing zeros).
 */
public final class WebhookPayload {

    private final ObjectMapper mapper;

    public WebhookPayload(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public String render(ContactEvent event) {
        return write(event.type().wireName(), event.occurredAt(), json -> {
            json.writeStringField("eventId", event.id());
            json.writeStringField("listId", event.listId());
            json.writeObjectFieldStart("contact");
            json.writeStringField("email", event.email());
            json.writeObjectFieldStart("fields");
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                json.writeFieldName(field.getKey());
                writeValue(json, field.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
            writeIfPresent(json, "source", event.source());
            writeIfPresent(json, "previousEmail", event.previousEmail());
            writeIfPresent(json, "reason", event.reason());
        });
    }

    /** The body of a {@code webhook.test} delivery, sent when a customer tests a webhook. */
    public String renderTest(String webhookId, String listId, Instant now) {
        return write(EventType.TEST.wireName(), now, json -> {
            json.writeStringField("webhookId", webhookId);
            json.writeStringField("listId", listId);
        });
    }

    /** The fields of the envelope's {@code data} object. */
    @FunctionalInterface
    private interface Data {
        void write(JsonGenerator json) throws IOException;
    }

    /** The envelope (type, timestamp) around its {@code data} object. */
    private String write(String type, Instant timestamp, Data data) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", type);
            // ISO_INSTANT is RFC 3339 in UTC and keeps sub-second digits only when there are any.
            json.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
            json.writeObjectFieldStart("data");
            data.write(json);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            // strings, numbers and booleans written to memory always serialise
            throw new IllegalStateException("cannot render webhook payload", e);
        }
        return out.toString();
    }

    /** A contact field's value: a string, number, boolean or null, as the parser reads them. */
    private void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            json.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            // as the mapper's tree held it (JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES): 9.50 as 9.5, 0.00 as 0
            json.writeNumber(number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros());
        } else {
            // anything else the way the mapper turns it into a tree
            json.writeTree(mapper.valueToTree(value));
        }
    }

    private static void writeIfPresent(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
