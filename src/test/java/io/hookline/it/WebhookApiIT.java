package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook management API under /api, over real HTTP against the running application: the
 * resources and their JSON, paging, the secret, API keys, and RFC 9457 problem answers.
 */
class WebhookApiIT extends HooklineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_JSON = "application/problem+json";
    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    // ---------------------------------------------------------------- helpers

    private static String newList() {
        return "list_" + UUID.randomUUID();
    }

    private Response create(String listId, String body) {
        return api.call("POST", "/api/lists/" + listId + "/webhooks", body);
    }

    private JsonNode createOk(String listId, String body) {
        Response r = create(listId, body);
        assertThat(r.status()).as("create answer: %s", r.body()).isEqualTo(201);
        return r.json();
    }

    private JsonNode simpleWebhook(String listId) {
        return createOk(listId, """
                {"url":"https://hooks.example.com/in","events":["contact.subscribed"]}""");
    }

    private Response patch(String id, String body) {
        return api.call("PATCH", "/api/webhooks/" + id, body);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String event(String id, String type, String listId) {
        return """
                {"id":"%s","type":"%s","listId":"%s","occurredAt":"2026-11-28T06:20:37Z","source":"api",
                 "contact":{"email":"ann@example.com","fields":{"firstName":"Ann"}}}
                """.formatted(id, type, listId);
    }

    /** Asserts an RFC 9457 answer with the given status and returns its body. */
    private static JsonNode assertProblem(Response r, int status) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).as("content type of a %s answer", status).startsWith(PROBLEM_JSON);
        JsonNode problem = r.json();
        assertThat(problem.path("status").asInt()).as("problem status").isEqualTo(status);
        assertThat(problem.path("title").asText()).as("problem title").isNotBlank();
        return problem;
    }

    /** Asserts a 400 problem and returns its field errors as field name to messages. */
    private static Map<String, List<String>> assertFieldErrors(Response r) {
        JsonNode problem = assertProblem(r, 400);
        JsonNode errors = problem.path("errors");
        assertThat(errors.isArray()).as("errors array in %s", r.body()).isTrue();
        assertThat(errors.size()).as("field errors in %s", r.body()).isPositive();
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (JsonNode e : errors) {
            assertThat(e.has("field")).as("error has a field: %s", e).isTrue();
            assertThat(e.path("message").asText()).as("error has a message: %s", e).isNotBlank();
            byField.computeIfAbsent(e.get("field").asText(), k -> new ArrayList<>()).add(e.get("message").asText());
        }
        return byField;
    }

    private static void assertFieldError(Response r, String field) {
        assertThat(assertFieldErrors(r)).as("field errors of %s", r.body()).containsKey(field);
    }

    private static String nextCursor(JsonNode page) {
        JsonNode c = page.path("nextCursor");
        return c.isMissingNode() || c.isNull() ? null : c.asText();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    // ---------------------------------------------------------------- create, read, list

    @Test
    void createAnswers201WithTheWebhookNormalisedEventsDefaultsAndAWhsecSecret() {
        String list = newList();
        Instant before = Instant.now().minusSeconds(5);
        Response r = create(list, """
                {"url":"https://hooks.example.com/in","events":["subscribe","contact.cleaned","unsubscribe"]}""");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode hook = r.json();
        assertThat(hook.path("id").asText()).isNotBlank();
        assertThat(hook.path("listId").asText()).isEqualTo(list);
        assertThat(hook.path("url").asText()).isEqualTo("https://hooks.example.com/in");
        assertThat(hook.path("events").isArray()).isTrue();
        assertThat(texts(hook.path("events")))
                .containsExactlyInAnyOrder("contact.subscribed", "contact.cleaned", "contact.unsubscribed");
        assertThat(hook.path("sources").isArray()).as("sources is an array").isTrue();
        assertThat(hook.path("sources").size()).as("no sources = all").isZero();
        assertThat(hook.path("format").asText()).isEqualTo("json");
        assertThat(hook.path("enabled").isBoolean()).isTrue();
        assertThat(hook.path("enabled").booleanValue()).isTrue();
        assertThat(hook.path("disabledReason").isMissingNode() || hook.path("disabledReason").isNull()).isTrue();
        Instant createdAt = Instant.parse(hook.path("createdAt").asText());
        Instant updatedAt = Instant.parse(hook.path("updatedAt").asText());
        assertThat(createdAt).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(updatedAt).isAfterOrEqualTo(createdAt);
        assertThat(hook.path("secret").asText()).startsWith("whsec_").hasSizeGreaterThan("whsec_".length() + 20);
    }

    @Test
    void createWithEveryFieldEchoesThemAndTwoWebhooksGetDifferentIdsAndSecrets() {
        String list = newList();
        JsonNode a = createOk(list, """
                {"url":"https://hooks.example.com/a","events":["profile","upemail"],"sources":["admin","user"],
                 "format":"form","description":"CRM sync","enabled":false}""");
        assertThat(texts(a.path("events"))).containsExactlyInAnyOrder("contact.profile_updated", "contact.email_changed");
        assertThat(texts(a.path("sources"))).containsExactlyInAnyOrder("admin", "user");
        assertThat(a.path("format").asText()).isEqualTo("form");
        assertThat(a.path("description").asText()).isEqualTo("CRM sync");
        assertThat(a.path("enabled").booleanValue()).isFalse();

        JsonNode b = simpleWebhook(list);
        assertThat(b.path("id").asText()).isNotEqualTo(a.path("id").asText());
        assertThat(b.path("secret").asText()).isNotEqualTo(a.path("secret").asText());
    }

    @Test
    void getAnswersTheWebhookAsCreatedWithoutItsSecret() {
        String list = newList();
        JsonNode created = createOk(list, """
                {"url":"https://hooks.example.com/get","events":["subscribe"],"sources":["api"],"description":"d"}""");
        String id = created.get("id").asText();

        Response r = api.get("/api/webhooks/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode got = r.json();
        for (String field : List.of("id", "listId", "url", "events", "sources", "format", "description", "enabled",
                "createdAt", "updatedAt")) {
            assertThat(got.get(field)).as(field).isEqualTo(created.get(field));
        }
        assertThat(got.has("secret")).as("GET must not show the secret").isFalse();
        assertThat(r.body()).doesNotContain(created.get("secret").asText());
    }

    @Test
    void theSecretIsOnlyInTheCreateAnswerAndGetSecretAndIsTheSameOne() {
        String list = newList();
        JsonNode created = simpleWebhook(list);
        String id = created.get("id").asText();
        String secret = created.get("secret").asText();

        Response get = api.get("/api/webhooks/" + id);
        assertThat(get.json().has("secret")).isFalse();
        assertThat(get.body()).doesNotContain(secret);

        Response listed = api.get("/api/lists/" + list + "/webhooks");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("items").size()).isEqualTo(1);
        listed.json().path("items").forEach(item -> assertThat(item.has("secret")).isFalse());
        assertThat(listed.body()).doesNotContain(secret);

        Response s = api.get("/api/webhooks/" + id + "/secret");
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        assertThat(s.contentType()).startsWith("application/json");
        assertThat(s.json().path("secret").asText()).isEqualTo(secret);
    }

    @Test
    void listOfAListAnswersOnlyItsWebhooksPagedWithNextCursorWithoutDuplicatesOrMisses() {
        String list = newList();
        String other = newList();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(simpleWebhook(list).get("id").asText());
        }
        String foreign = simpleWebhook(other).get("id").asText();

        Response all = api.get("/api/lists/" + list + "/webhooks");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.contentType()).startsWith("application/json");
        assertThat(ids(all.json().path("items"))).containsExactlyInAnyOrderElementsOf(created);
        assertThat(nextCursor(all.json())).as("a single page has no next cursor").isNull();
        all.json().path("items").forEach(item -> assertThat(item.path("listId").asText()).isEqualTo(list));

        Response first = api.get("/api/lists/" + list + "/webhooks?limit=2");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        List<String> page1 = ids(first.json().path("items"));
        assertThat(page1).hasSize(2);
        String cursor = nextCursor(first.json());
        assertThat(cursor).as("a next cursor after a full page").isNotBlank();

        Response second = api.get("/api/lists/" + list + "/webhooks?limit=2&cursor=" + cursor);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        List<String> page2 = ids(second.json().path("items"));
        assertThat(page2).hasSize(1);
        assertThat(nextCursor(second.json())).as("the last page has no next cursor").isNull();

        List<String> seen = new ArrayList<>(page1);
        seen.addAll(page2);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created).doesNotContain(foreign);

        Response empty = api.get("/api/lists/" + newList() + "/webhooks");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().path("items").isArray()).isTrue();
        assertThat(empty.json().path("items").size()).isZero();
    }

    // ---------------------------------------------------------------- change and delete

    @Test
    void patchChangesEventsUrlDescriptionAndEnabledLeavesTheRestAndMovesUpdatedAt() throws Exception {
        String list = newList();
        JsonNode created = createOk(list, """
                {"url":"https://hooks.example.com/old","events":["subscribe"],"sources":["api"],"description":"old"}""");
        String id = created.get("id").asText();
        Instant updatedBefore = Instant.parse(created.get("updatedAt").asText());
        Thread.sleep(5);

        Response r = patch(id, """
                {"events":["unsubscribe","contact.cleaned"],"url":"https://hooks.example.com/new",
                 "description":"new","enabled":false}""");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode changed = r.json();
        assertThat(texts(changed.path("events"))).containsExactlyInAnyOrder("contact.unsubscribed", "contact.cleaned");
        assertThat(changed.path("url").asText()).isEqualTo("https://hooks.example.com/new");
        assertThat(changed.path("description").asText()).isEqualTo("new");
        assertThat(changed.path("enabled").booleanValue()).isFalse();
        assertThat(changed.has("secret")).isFalse();
        // untouched fields stay
        assertThat(changed.path("id").asText()).isEqualTo(id);
        assertThat(changed.path("listId").asText()).isEqualTo(list);
        assertThat(changed.path("sources")).isEqualTo(created.path("sources"));
        assertThat(changed.path("format").asText()).isEqualTo("json");
        assertThat(changed.path("createdAt")).isEqualTo(created.path("createdAt"));
        assertThat(Instant.parse(changed.path("updatedAt").asText())).isAfter(updatedBefore);

        JsonNode got = api.get("/api/webhooks/" + id).json();
        assertThat(got).isEqualTo(changed);
        // the secret did not change with the webhook
        assertThat(api.get("/api/webhooks/" + id + "/secret").json().path("secret").asText())
                .isEqualTo(created.path("secret").asText());
    }

    @Test
    void patchEnabledFalseThenTrueReenablesAndClearsTheDisabledReason() {
        String id = simpleWebhook(newList()).get("id").asText();

        Response off = patch(id, "{\"enabled\":false}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().path("enabled").booleanValue()).isFalse();

        Response on = patch(id, "{\"enabled\":true}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().path("enabled").booleanValue()).isTrue();
        assertThat(on.json().path("disabledReason").isNull() || on.json().path("disabledReason").isMissingNode())
                .as("disabledReason after re-enabling: %s", on.body()).isTrue();
        JsonNode got = api.get("/api/webhooks/" + id).json();
        assertThat(got.path("enabled").booleanValue()).isTrue();
        assertThat(got.path("disabledReason").isNull() || got.path("disabledReason").isMissingNode()).isTrue();
    }

    @Test
    void aWebhookDisabledByA410ShowsTheReasonAndPatchEnabledTrueClearsIt() {
        String list = newList();
        String id = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/gone",
                List.of("contact.subscribed")).get("id").asText();
        broker.sendText("contact.events", event("e-gone-" + UUID.randomUUID(), "contact.subscribed", list));

        await().atMost(Duration.ofSeconds(30)).until(() -> !api.get("/api/webhooks/" + id).json().path("enabled").booleanValue());
        JsonNode disabled = api.get("/api/webhooks/" + id).json();
        assertThat(disabled.path("disabledReason").asText()).as("reason of %s", disabled).contains("410");

        Response on = patch(id, "{\"enabled\":true}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().path("enabled").booleanValue()).isTrue();
        assertThat(on.json().path("disabledReason").isNull() || on.json().path("disabledReason").isMissingNode())
                .as("disabledReason after re-enabling: %s", on.body()).isTrue();
    }

    @Test
    void deleteAnswers204AndTheWebhookIsThen404EverywhereAndGoneFromItsList() {
        String list = newList();
        JsonNode hook = simpleWebhook(list);
        String id = hook.get("id").asText();
        String keep = simpleWebhook(list).get("id").asText();

        Response d = api.call("DELETE", "/api/webhooks/" + id, null);
        assertThat(d.status()).as(d.body()).isEqualTo(204);
        assertThat(d.body()).isEmpty();

        JsonNode problem = assertProblem(api.get("/api/webhooks/" + id), 404);
        assertThat(problem.path("detail").asText()).contains(id);
        assertProblem(api.get("/api/webhooks/" + id + "/secret"), 404);
        assertProblem(api.get("/api/webhooks/" + id + "/deliveries"), 404);
        assertProblem(patch(id, "{\"enabled\":true}"), 404);
        assertProblem(api.call("DELETE", "/api/webhooks/" + id, null), 404);
        assertThat(ids(api.get("/api/lists/" + list + "/webhooks").json().path("items"))).containsExactly(keep);
    }

    // ---------------------------------------------------------------- deliveries

    @Test
    void deliveriesAreListedNewestFirstPagedFilteredByStatusAndReadOneByOneWithAttempts() {
        String list = newList();
        String id = api.createWebhook(list, "http://127.0.0.1:" + receiver.port() + "/ok",
                List.of("contact.subscribed")).get("id").asText();
        for (int i = 0; i < 3; i++) {
            broker.sendText("contact.events", event("e-log-" + i + "-" + UUID.randomUUID(), "contact.subscribed", list));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = api.get("/api/webhooks/" + id + "/deliveries?status=succeeded").json().path("items");
            return items.size() == 3;
        });

        Response all = api.get("/api/webhooks/" + id + "/deliveries");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.contentType()).startsWith("application/json");
        JsonNode items = all.json().path("items");
        assertThat(items.size()).isEqualTo(3);
        assertThat(nextCursor(all.json())).isNull();
        assertNewestFirst(items);
        for (JsonNode d : items) {
            assertThat(d.path("webhookId").asText()).isEqualTo(id);
            assertThat(d.path("eventType").asText()).isEqualTo("contact.subscribed");
            assertThat(d.path("status").asText()).isEqualTo("succeeded");
            assertThat(d.path("attemptCount").asInt()).isEqualTo(1);
            assertThat(d.path("lastStatusCode").asInt()).isEqualTo(204);
            assertThat(d.has("attempts")).as("the list does not carry attempts").isFalse();
        }

        Response first = api.get("/api/webhooks/" + id + "/deliveries?limit=2");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("items").size()).isEqualTo(2);
        String cursor = nextCursor(first.json());
        assertThat(cursor).isNotBlank();
        Response second = api.get("/api/webhooks/" + id + "/deliveries?limit=2&cursor=" + cursor);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("items").size()).isEqualTo(1);
        assertThat(nextCursor(second.json())).isNull();
        List<String> paged = new ArrayList<>(ids(first.json().path("items")));
        paged.addAll(ids(second.json().path("items")));
        assertThat(paged).as("pages in order equal the whole list").containsExactlyElementsOf(ids(items));

        Response dead = api.get("/api/webhooks/" + id + "/deliveries?status=dead");
        assertThat(dead.status()).as(dead.body()).isEqualTo(200);
        assertThat(dead.json().path("items").size()).isZero();

        String deliveryId = items.get(0).path("id").asText();
        Response one = api.get("/api/deliveries/" + deliveryId);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.contentType()).startsWith("application/json");
        JsonNode delivery = one.json();
        assertThat(delivery.path("id").asText()).isEqualTo(deliveryId);
        assertThat(delivery.path("webhookId").asText()).isEqualTo(id);
        assertThat(delivery.path("completedAt").asText()).isNotBlank();
        assertThat(delivery.path("attempts").size()).isEqualTo(1);
        JsonNode attempt = delivery.path("attempts").get(0);
        assertThat(attempt.path("attempt").asInt()).isEqualTo(1);
        assertThat(attempt.path("statusCode").asInt()).isEqualTo(204);
        assertThat(attempt.path("startedAt").asText()).isNotBlank();
        assertThat(attempt.has("durationMs")).isTrue();
    }

    private static void assertNewestFirst(JsonNode items) {
        for (int i = 1; i < items.size(); i++) {
            Instant newer = Instant.parse(items.get(i - 1).path("createdAt").asText());
            Instant older = Instant.parse(items.get(i).path("createdAt").asText());
            assertThat(older).as("item %d is not newer than item %d", i, i - 1).isBeforeOrEqualTo(newer);
        }
    }

    // ---------------------------------------------------------------- API keys

    @Test
    void everyApiPathAnswers401ProblemWithoutAKeyOrWithAWrongKeyAndChangesNothing() {
        String list = newList();
        JsonNode hook = simpleWebhook(list);
        String id = hook.get("id").asText();
        String body = "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"subscribe\"]}";
        List<String[]> calls = List.of(
                new String[] {"POST", "/api/lists/" + list + "/webhooks", body},
                new String[] {"POST", "/api/lists/" + list + "/webhooks", "{not json"},
                new String[] {"GET", "/api/lists/" + list + "/webhooks", null},
                new String[] {"GET", "/api/webhooks/" + id, null},
                new String[] {"PATCH", "/api/webhooks/" + id, "{\"enabled\":false}"},
                new String[] {"DELETE", "/api/webhooks/" + id, null},
                new String[] {"GET", "/api/webhooks/" + id + "/secret", null},
                new String[] {"GET", "/api/webhooks/" + id + "/deliveries", null},
                new String[] {"GET", "/api/webhooks/wh_doesnotexist", null},
                new String[] {"GET", "/api/deliveries/msg_doesnotexist", null},
                new String[] {"POST", "/api/webhooks/" + id + "/secret/rotate", null},
                new String[] {"POST", "/api/webhooks/" + id + "/test", null},
                new String[] {"POST", "/api/webhooks/" + id + "/recover?since=2026-01-01T00:00:00Z", null},
                new String[] {"POST", "/api/deliveries/msg_doesnotexist/retry", null});
        List<String> authorizations = new ArrayList<>();
        authorizations.add(null);
        authorizations.add("Bearer wrong-key");
        authorizations.add("Bearer ");
        authorizations.add(API_KEY);                       // the key without the Bearer scheme
        authorizations.add("Basic " + java.util.Base64.getEncoder().encodeToString((API_KEY + ":").getBytes()));
        authorizations.add("Bearer " + API_KEY + "x");
        for (String[] call : calls) {
            for (String authorization : authorizations) {
                Response r = api.call(call[0], call[1], call[2], authorization);
                JsonNode problem = assertProblem(r, 401);
                assertThat(r.body()).as("%s %s with %s", call[0], call[1], authorization).doesNotContain(hook.get("secret").asText());
                assertThat(problem.path("detail").asText()).isNotBlank();
            }
        }

        JsonNode after = api.get("/api/webhooks/" + id).json();
        assertThat(after.path("enabled").booleanValue()).as("PATCH without a key changed nothing").isTrue();
        assertThat(after.path("updatedAt")).isEqualTo(hook.path("updatedAt"));
        assertThat(ids(api.get("/api/lists/" + list + "/webhooks").json().path("items")))
                .as("POST and DELETE without a key changed nothing").containsExactly(id);
        assertThat(api.get("/api/webhooks/" + id + "/secret").json().path("secret").asText())
                .as("rotate without a key changed nothing").isEqualTo(hook.get("secret").asText());
        assertThat(api.deliveries(id)).as("test without a key sent nothing").isEmpty();
    }

    // ---------------------------------------------------------------- validation

    @Test
    void createWithoutUrlAnswers400WithAFieldErrorOnUrl() {
        assertFieldError(create(newList(), "{\"events\":[\"subscribe\"]}"), "url");
    }

    @Test
    void createWithANonHttpSchemeAnswers400OnUrl() {
        assertFieldError(create(newList(), "{\"url\":\"ftp://hooks.example.com/in\",\"events\":[\"subscribe\"]}"), "url");
        assertFieldError(create(newList(), "{\"url\":\"file:///etc/passwd\",\"events\":[\"subscribe\"]}"), "url");
        assertFieldError(create(newList(), "{\"url\":\"/relative/path\",\"events\":[\"subscribe\"]}"), "url");
        assertFieldError(create(newList(), "{\"url\":42,\"events\":[\"subscribe\"]}"), "url");
    }

    @Test
    void createWithUserInfoInTheUrlAnswers400OnUrlWithoutEchoingThePassword() {
        Response r = create(newList(), "{\"url\":\"https://user:s3cr3tpw@hooks.example.com/in\",\"events\":[\"subscribe\"]}");
        assertFieldError(r, "url");
        assertThat(r.body()).doesNotContain("s3cr3tpw");
    }

    @Test
    void createWithAnUnknownEventTypeAnswers400OnEvents() {
        Map<String, List<String>> errors = assertFieldErrors(create(newList(),
                "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"subscribe\",\"contact.exploded\"]}"));
        assertThat(errors.keySet()).anyMatch(f -> f.startsWith("events"));
        assertThat(errors.values().stream().flatMap(List::stream)).anyMatch(m -> m.contains("contact.exploded"));
    }

    @Test
    void createWithEmptyOrMissingEventsAnswers400OnEvents() {
        assertFieldError(create(newList(), "{\"url\":\"https://hooks.example.com/in\",\"events\":[]}"), "events");
        assertFieldError(create(newList(), "{\"url\":\"https://hooks.example.com/in\"}"), "events");
        assertFieldError(create(newList(), "{\"url\":\"https://hooks.example.com/in\",\"events\":\"subscribe\"}"), "events");
    }

    @Test
    void createWithABadFormatOrSourceAnswers400OnThatField() {
        assertFieldError(create(newList(),
                "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"subscribe\"],\"format\":\"xml\"}"), "format");
        Map<String, List<String>> errors = assertFieldErrors(create(newList(),
                "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"subscribe\"],\"sources\":[\"robot\"]}"));
        assertThat(errors.keySet()).anyMatch(f -> f.startsWith("sources"));
    }

    @Test
    void createWithAnUnknownFieldAnswers400NamingIt() {
        assertFieldError(create(newList(),
                "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"subscribe\"],\"colour\":\"red\"}"), "colour");
    }

    @Test
    void aMalformedOrNonObjectJsonBodyAnswers400Problem() {
        String list = newList();
        for (String body : List.of("{\"url\":\"https://hooks.example.com/in\",", "not json at all", "[1,2]", "\"text\"")) {
            JsonNode problem = assertProblem(create(list, body), 400);
            assertThat(problem.path("errors").isArray()).as("errors of %s", problem).isTrue();
            assertThat(problem.path("errors").size()).isPositive();
        }
        assertThat(api.get("/api/lists/" + list + "/webhooks").json().path("items").size()).isZero();

        String id = simpleWebhook(newList()).get("id").asText();
        assertProblem(patch(id, "{\"enabled\":"), 400);
    }

    @Test
    void patchIsValidatedLikeCreate() {
        JsonNode hook = simpleWebhook(newList());
        String id = hook.get("id").asText();
        assertFieldError(patch(id, "{\"url\":\"ftp://hooks.example.com/in\"}"), "url");
        assertFieldError(patch(id, "{\"events\":[]}"), "events");
        assertFieldError(patch(id, "{\"format\":\"yaml\"}"), "format");
        assertFieldError(patch(id, "{\"enabled\":\"yes\"}"), "enabled");
        assertFieldError(patch(id, "{\"secret\":\"whsec_mine\"}"), "secret");
        assertFieldError(patch(id, "{\"listId\":\"list_other\"}"), "listId");
        assertThat(api.get("/api/webhooks/" + id).json().path("updatedAt"))
                .as("refused changes change nothing").isEqualTo(hook.path("updatedAt"));
    }

    @Test
    void severalFieldErrorsAreReportedTogetherInOne400() {
        Map<String, List<String>> errors = assertFieldErrors(create(newList(), """
                {"url":"ftp://hooks.example.com/in","events":["contact.exploded"],"format":"xml",
                 "enabled":"yes","colour":"red"}"""));
        assertThat(errors.keySet()).contains("url", "format", "enabled", "colour");
        assertThat(errors.keySet()).anyMatch(f -> f.startsWith("events"));

        Map<String, List<String>> missing = assertFieldErrors(create(newList(), "{}"));
        assertThat(missing.keySet()).contains("url", "events");
    }

    @Test
    void aBadLimitAnswers400OnLimitForBothLists() {
        String list = newList();
        String id = simpleWebhook(list).get("id").asText();
        for (String limit : List.of("0", "1000", "abc", "-1")) {
            assertFieldError(api.get("/api/lists/" + list + "/webhooks?limit=" + limit), "limit");
            assertFieldError(api.get("/api/webhooks/" + id + "/deliveries?limit=" + limit), "limit");
        }
    }

    @Test
    void aBadStatusFilterAnswers400OnStatus() {
        String id = simpleWebhook(newList()).get("id").asText();
        assertFieldError(api.get("/api/webhooks/" + id + "/deliveries?status=exploded"), "status");
        assertFieldError(api.get("/api/webhooks/" + id + "/deliveries?status=SUCCEEDED"), "status");
        for (String status : List.of("pending", "retrying", "succeeded", "dead", "skipped")) {
            Response r = api.get("/api/webhooks/" + id + "/deliveries?status=" + status);
            assertThat(r.status()).as("status=%s: %s", status, r.body()).isEqualTo(200);
        }
    }

    @Test
    void aCursorThisApiDidNotGiveOutAnswers400OnCursor() {
        String list = newList();
        String id = simpleWebhook(list).get("id").asText();
        for (String cursor : List.of("garbage", "not-a-cursor", "%25%25%25", "AAAA")) {
            assertFieldError(api.get("/api/lists/" + list + "/webhooks?cursor=" + cursor), "cursor");
            assertFieldError(api.get("/api/webhooks/" + id + "/deliveries?cursor=" + cursor), "cursor");
        }
    }

    // ---------------------------------------------------------------- not found

    @Test
    void unknownWebhookAndDeliveryIdsAnswer404Problem() {
        String unknown = "wh_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(assertProblem(api.get("/api/webhooks/" + unknown), 404).path("detail").asText()).contains(unknown);
        assertProblem(api.get("/api/webhooks/" + unknown + "/secret"), 404);
        assertProblem(api.get("/api/webhooks/" + unknown + "/deliveries"), 404);
        assertProblem(patch(unknown, "{\"enabled\":false}"), 404);
        assertProblem(api.call("DELETE", "/api/webhooks/" + unknown, null), 404);
        String delivery = "msg_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(assertProblem(api.get("/api/deliveries/" + delivery), 404).path("detail").asText()).contains(delivery);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
