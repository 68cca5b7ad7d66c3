package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document at /api/openapi.json describes every route the application serves, and nothing else. */
class OpenApiIT extends HooklineTestSupport {

    private JsonNode document() {
        Response r = api.call("GET", "/api/openapi.json", null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        return r.json();
    }

    private static List<String> operations(JsonNode doc) {
        List<String> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> ops.add(method.toUpperCase() + " " + path.getKey()));
        }
        return ops;
    }

    @Test
    void theDocumentIsOpenApi3AndReadableWithoutAKey() {
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/info/title").asText()).isNotBlank();
    }

    @Test
    void everyRestRouteOfTheApplicationIsInTheDocument() {
        List<String> documented = operations(document());
        List<String> served = new ArrayList<>();
        for (RestDefinition rest : ((ModelCamelContext) context).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String base = rest.getPath() == null ? "" : rest.getPath();
                served.add(verb.asVerb().toUpperCase() + " /api" + base + verb.getPath());
            }
        }
        assertThat(served).hasSizeGreaterThanOrEqualTo(14);
        assertThat(documented).containsAll(served);
        // and the document has nothing the application does not serve, besides health and metrics
        assertThat(new TreeSet<>(documented.stream().filter(op -> !op.startsWith("GET /q/")).toList()))
                .isEqualTo(new TreeSet<>(served));
    }

    @Test
    void everyDocumentedOperationAnswersNeither404Nor405() {
        String list = "list_" + UUID.randomUUID();
        JsonNode hook = api.createWebhook(list, "http://127.0.0.1:9/none", List.of("contact.subscribed"));
        String webhookId = hook.get("id").asText();
        String deliveryId = api.call("POST", "/api/webhooks/" + webhookId + "/test", null).json().get("id").asText();
        List<String> ops = operations(document());
        // the delete goes last: the other operations use the webhook
        ops.sort((a, b) -> Boolean.compare(a.startsWith("DELETE"), b.startsWith("DELETE")));
        for (String op : ops) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1)
                    .replace("{listId}", list)
                    .replace("/deliveries/{id}", "/deliveries/" + deliveryId)
                    .replace("{id}", webhookId);
            if (path.endsWith("/recover")) {
                path += "?since=2026-01-01T00:00:00Z";
            }
            String body = method.equals("POST") || method.equals("PATCH") ? "{}" : null;
            Response r = api.call(method, path, body);
            assertThat(r.status()).as("%s %s answered %s", method, path, r.body()).isNotIn(404, 405).isLessThan(500);
        }
    }

    @Test
    void anUnknownApiPathIsA404Problem() {
        Response r = api.get("/api/nothing/here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aKnownPathWithAWrongMethodIsA405Problem() {
        Response r = api.call("PUT", "/api/webhooks/wh_x", "{}");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(405);
    }
}
