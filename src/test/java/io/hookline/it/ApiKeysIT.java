package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.ApiClient;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.LogCapture;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every /api route, taken from the application's own REST definitions so a new one cannot be left
 * out, answers 401 problem+json without a valid key. Keys are configured plain or as sha256:<hex>,
 * and neither the keys nor the presented credentials are ever logged.
 */
class ApiKeysIT extends HooklineTestSupport {

    private static final String HASHED_KEY = "hashed-key-" + UUID.randomUUID();
    /** The one route readable without a key, by design: the OpenAPI document. */
    private static final String PUBLIC_ROUTE = "GET /openapi.json";

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.api.keys", API_KEY + ", sha256:" + sha256Hex(HASHED_KEY));
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every route of the rest DSL as "METHOD /path", with its path parameters filled in. */
    private List<String[]> routes() {
        List<String[]> routes = new ArrayList<>();
        for (RestDefinition rest : ((ModelCamelContext) context).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() == null ? "" : rest.getPath()) + verb.getPath();
                routes.add(new String[] {verb.asVerb().toUpperCase(), path});
            }
        }
        return routes;
    }

    @TestFactory
    List<DynamicTest> everyApiRouteAnswers401ProblemWithoutAValidKey() {
        String list = "list_" + UUID.randomUUID();
        JsonNode hook = api.createWebhook(list, "http://127.0.0.1:9/none", List.of("contact.subscribed"));
        String id = hook.get("id").asText();
        List<String> credentials = new ArrayList<>();
        credentials.add(null);
        credentials.add("Bearer wrong-key");
        credentials.add("Bearer ");
        credentials.add("Bearer " + sha256Hex(HASHED_KEY));            // the digest is not the key
        credentials.add("Bearer sha256:" + sha256Hex(HASHED_KEY));
        credentials.add(API_KEY);
        credentials.add("Basic " + java.util.Base64.getEncoder().encodeToString((API_KEY + ":").getBytes(StandardCharsets.UTF_8)));
        credentials.add("Bearer " + API_KEY.toUpperCase());

        List<DynamicTest> tests = new ArrayList<>();
        List<String[]> routes = routes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(14);
        for (String[] route : routes) {
            String name = route[0] + " " + route[1];
            if (name.equals(PUBLIC_ROUTE)) {
                tests.add(DynamicTest.dynamicTest(name + " is the one route readable without a key", () ->
                        assertThat(api.call(route[0], "/api" + route[1], null, null).status()).isEqualTo(200)));
                continue;
            }
            String path = "/api" + route[1].replace("{listId}", list).replace("{id}", id)
                    + (route[1].endsWith("/recover") ? "?since=2026-01-01T00:00:00Z" : "");
            String body = route[0].equals("POST") || route[0].equals("PATCH") ? "{\"enabled\":false}" : null;
            tests.add(DynamicTest.dynamicTest(name + " answers 401 problem+json without a valid key", () -> {
                for (String authorization : credentials) {
                    Response r = api.call(route[0], path, body, authorization);
                    assertThat(r.status()).as("%s with %s: %s", name, authorization, r.body()).isEqualTo(401);
                    assertThat(r.contentType()).startsWith("application/problem+json");
                    assertThat(r.json().path("status").asInt()).isEqualTo(401);
                    assertThat(r.body()).doesNotContain(hook.get("secret").asText());
                }
                // Camel copies query parameters into headers: a key there must count for nothing
                String separator = path.contains("?") ? "&" : "?";
                for (String parameter : List.of("Authorization", "authorization", "AUTHORIZATION")) {
                    Response r = api.call(route[0], path + separator + parameter + "=Bearer%20" + API_KEY, body, null);
                    assertThat(r.status()).as("%s with ?%s=Bearer <key>: %s", name, parameter, r.body()).isEqualTo(401);
                    assertThat(r.contentType()).startsWith("application/problem+json");
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("nothing changed without a key", () -> {
            assertThat(api.get("/api/webhooks/" + id).json().path("enabled").booleanValue()).isTrue();
            assertThat(api.get("/api/webhooks/" + id + "/secret").json().path("secret").asText())
                    .isEqualTo(hook.get("secret").asText());
        }));
        return tests;
    }

    @Test
    void aKeyInTheQueryStringWithoutTheHeaderIs401AndWithTheHeaderTheCallGoesThrough() {
        Response inQuery = api.call("GET", "/api/lists/x/webhooks?Authorization=Bearer%20" + API_KEY, null, null);
        assertThat(inQuery.status()).as(inQuery.body()).isEqualTo(401);

        Response withHeader = api.call("GET", "/api/lists/x/webhooks?Authorization=Bearer%20wrong", null, "Bearer " + API_KEY);
        assertThat(withHeader.status()).as(withHeader.body()).isEqualTo(200);
    }

    @Test
    void aPlainKeyAndAKeyConfiguredAsItsSha256DigestAreBothAccepted() {
        assertThat(api.get("/api/lists/x/webhooks").status()).isEqualTo(200);
        ApiClient hashed = new ApiClient("http://127.0.0.1:" + httpPort(), HASHED_KEY);
        assertThat(hashed.get("/api/lists/x/webhooks").status()).isEqualTo(200);
    }

    @Test
    void neitherConfiguredNorPresentedKeysAreEverLogged() {
        String wrong = "wrong-key-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.begin()) {
            api.get("/api/lists/x/webhooks");
            new ApiClient("http://127.0.0.1:" + httpPort(), HASHED_KEY).get("/api/lists/x/webhooks");
            api.call("GET", "/api/lists/x/webhooks", null, "Bearer " + wrong);
            api.call("POST", "/api/lists/x/webhooks", "{not json", "Bearer " + wrong);
            api.call("POST", "/api/lists/x/webhooks", "{not json");

            assertThat(logs.all()).doesNotContain(API_KEY, HASHED_KEY, sha256Hex(HASHED_KEY), wrong);
        }
    }
}
