package io.hookline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.event.EventType;
import io.hookline.event.FieldError;
import io.hookline.webhook.TargetAddressGuard;
import io.hookline.webhook.TargetRefusedException;
import io.hookline.store.WebhookSpec;
import org.apache.camel.Body;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads and validates the JSON bodies of webhook create and change requests, every field error at once. */
public class WebhookRequests {

    private static final Set<String> FIELDS = Set.of("url", "events", "sources", "format", "description", "enabled");
    private static final Set<String> SOURCES = Set.of("api", "user", "admin");
    private static final Set<String> FORMATS = Set.of("json", "form");
    private static final int MAX_URL = 2048;
    private static final int MAX_DESCRIPTION = 500;

    private final ObjectMapper mapper;
    private final TargetAddressGuard guard;

    public WebhookRequests(ObjectMapper mapper, TargetAddressGuard guard) {
        this.mapper = mapper;
        this.guard = guard;
    }

    public WebhookSpec parseCreate(@Body String body) {
        return parse(body, true);
    }

    public WebhookSpec parseChange(@Body String body) {
        return parse(body, false);
    }

    private WebhookSpec parse(String body, boolean create) {
        JsonNode root = readObject(body);
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name) && !(create && name.equals("verify"))) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        String url = url(root.get("url"), create, errors);
        List<String> events = events(root.get("events"), create, errors);
        List<String> sources = sources(root.get("sources"), errors);
        String format = text(root, "format", errors);
        if (format != null && !FORMATS.contains(format)) {
            errors.add(new FieldError("format", "must be json or form"));
        }
        String description = text(root, "description", errors);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        Boolean enabled = null;
        JsonNode e = root.get("enabled");
        if (e != null && !e.isNull()) {
            if (e.isBoolean()) {
                enabled = e.booleanValue();
            } else {
                errors.add(new FieldError("enabled", "must be true or false"));
            }
        }
        boolean verify = false;
        JsonNode v = root.get("verify");
        if (create && v != null && !v.isNull()) {
            if (v.isBoolean()) {
                verify = v.booleanValue();
            } else {
                errors.add(new FieldError("verify", "must be true or false"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest("the request has " + errors.size() + " invalid field(s)", errors);
        }
        return new WebhookSpec(url, events, sources, format, description, enabled, verify);
    }

    private JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("a JSON object is required", List.of(new FieldError("", "empty body")));
        }
        try {
            // one JSON value and nothing after it: "{} {}" is not an object
            JsonNode root = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            if (root == null || !root.isObject()) {
                throw ApiProblem.badRequest("a JSON object is required", List.of(new FieldError("", "not a JSON object")));
            }
            return root;
        } catch (JsonProcessingException ex) {
            String where = ex.getLocation() == null ? "" : " at line " + ex.getLocation().getLineNr()
                    + ", column " + ex.getLocation().getColumnNr();
            throw ApiProblem.badRequest("the body is not valid JSON" + where,
                    List.of(new FieldError("", "malformed JSON" + where)));
        }
    }

    private String url(JsonNode node, boolean required, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError("url", "is required"));
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("url", "must be a string"));
            return null;
        }
        String url = node.textValue().trim();
        if (url.length() > MAX_URL) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL + " characters"));
            return null;
        }
        try {
            guard.checkUrl(url);
        } catch (TargetRefusedException ex) {
            String why = ex.getMessage();
            errors.add(new FieldError("url", why.startsWith("url: ") ? why.substring(5) : why));
            return null;
        }
        return url;
    }

    private static List<String> events(JsonNode node, boolean required, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError("events", "is required: a list of event types"));
            }
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("events", "must be a non-empty array of event types"));
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            var type = item.isTextual() ? EventType.fromProducerName(item.textValue()) : java.util.Optional.<EventType>empty();
            if (type.isEmpty()) {
                errors.add(new FieldError("events[" + i + "]", "unknown event type " + abbreviate(item.toString())));
            } else {
                types.add(type.get().wireName());
            }
        }
        return List.copyOf(types);
    }

    private static List<String> sources(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(new FieldError("sources", "must be an array of api, user, admin"));
            return null;
        }
        Set<String> sources = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual() && SOURCES.contains(item.textValue())) {
                sources.add(item.textValue());
            } else {
                errors.add(new FieldError("sources[" + i + "]", "must be api, user or admin"));
            }
        }
        return List.copyOf(sources);
    }

    private static String text(JsonNode root, String field, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        // PostgreSQL text cannot hold it: refused here, not failed in the database
        if (node.textValue().indexOf('\u0000') >= 0) {
            errors.add(new FieldError(field, "must not contain NUL characters"));
            return null;
        }
        return node.textValue();
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
