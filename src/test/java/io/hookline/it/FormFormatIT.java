package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hookline.support.HooklineTestSupport;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.net.WWWFormCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.hookline.support.SignedRequests.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks with "format": "form" receive Mailchimp-style form bodies, signed like JSON ones. */
class FormFormatIT extends HooklineTestSupport {

    private static final List<String> ALL_TYPES = List.of("contact.subscribed", "contact.unsubscribed",
            "contact.profile_updated", "contact.email_changed", "contact.cleaned");
    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/form")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlEqualTo("/json")).willReturn(aResponse().withStatus(200)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private LoggedRequest receivedForEvent(String path, String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(path, eventId) != null);
        return find(path, eventId);
    }

    private LoggedRequest find(String path, String eventId) {
        for (LoggedRequest r : receiver.findAll(postRequestedFor(urlEqualTo(path)))) {
            if (r.getBodyAsString().contains(eventId)) {
                return r;
            }
        }
        return null;
    }

    /** Parsed with a standard form parser, in order; names are unique in these bodies. */
    private static Map<String, String> form(LoggedRequest r) {
        Map<String, String> form = new LinkedHashMap<>();
        for (NameValuePair pair : WWWFormCodec.parse(r.getBodyAsString(), StandardCharsets.UTF_8)) {
            assertThat(form.put(pair.getName(), pair.getValue())).as("duplicate %s", pair.getName()).isNull();
        }
        return form;
    }

    private String publish(String list, String type, String extra) {
        String id = "e-form-" + UUID.randomUUID();
        broker.sendText("contact.events", """
                {"id":"%s","type":"%s","listId":"%s","occurredAt":"2026-11-28T06:20:37.250Z","source":"admin",
                 "contact":{"email":"zoë+news@example.com","fields":{"FNAME":"Zoë","LNAME":"O'Brien & Co","AGE":42,"VIP":true}}%s}
                """.formatted(id, type, list, extra));
        return id;
    }

    @Test
    void aFormWebhookReceivesMailchimpStyleFormBodiesSignedLikeJson() {
        String list = "list_" + UUID.randomUUID();
        JsonNode hook = api.createWebhook(list, url("/form"), ALL_TYPES, Map.of("format", "form"));
        String secret = hook.get("secret").asText();

        String subscribed = publish(list, "contact.subscribed", "");
        LoggedRequest r = receivedForEvent("/form", subscribed);

        assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(verifies(secret, r)).as("standardwebhooks verifies the form body").isTrue();
        Map<String, String> form = form(r);
        assertThat(form).containsExactly(
                Map.entry("type", "subscribe"),
                Map.entry("fired_at", "2026-11-28 06:20:37"),
                Map.entry("data[id]", subscribed),
                Map.entry("data[email]", "zoë+news@example.com"),
                Map.entry("data[list_id]", list),
                Map.entry("data[merges][EMAIL]", "zoë+news@example.com"),
                Map.entry("data[merges][FNAME]", "Zoë"),
                Map.entry("data[merges][LNAME]", "O'Brien & Co"),
                Map.entry("data[merges][AGE]", "42"),
                Map.entry("data[merges][VIP]", "true"));
    }

    @Test
    void eachEventTypeHasItsMailchimpNameAndEmailChangesAndCleansCarryTheirFields() {
        String list = "list_" + UUID.randomUUID();
        String secret = api.createWebhook(list, url("/form"), ALL_TYPES, Map.of("format", "form")).get("secret").asText();
        Map<String, String> typeByEvent = new LinkedHashMap<>();
        typeByEvent.put(publish(list, "contact.unsubscribed", ""), "unsubscribe");
        typeByEvent.put(publish(list, "profile", ""), "profile");
        String changed = publish(list, "contact.email_changed", ",\"previousEmail\":\"old@example.com\"");
        typeByEvent.put(changed, "upemail");
        String cleaned = publish(list, "cleaned", ",\"reason\":\"hard_bounce\"");
        typeByEvent.put(cleaned, "cleaned");

        typeByEvent.forEach((eventId, type) -> {
            LoggedRequest r = receivedForEvent("/form", eventId);
            assertThat(verifies(secret, r)).isTrue();
            assertThat(form(r)).containsEntry("type", type).containsEntry("data[id]", eventId);
        });
        Map<String, String> upemail = form(receivedForEvent("/form", changed));
        assertThat(upemail).containsEntry("data[new_email]", "zoë+news@example.com")
                .containsEntry("data[old_email]", "old@example.com")
                .doesNotContainKey("data[reason]");
        Map<String, String> clean = form(receivedForEvent("/form", cleaned));
        assertThat(clean).containsEntry("data[reason]", "hard_bounce").doesNotContainKey("data[old_email]");
    }

    @Test
    void aJsonWebhookOfTheSameListStillReceivesJson() {
        String list = "list_" + UUID.randomUUID();
        api.createWebhook(list, url("/form"), ALL_TYPES, Map.of("format", "form"));
        String secret = api.createWebhook(list, url("/json"), ALL_TYPES).get("secret").asText();

        String id = publish(list, "contact.subscribed", "");

        LoggedRequest json = receivedForEvent("/json", id);
        assertThat(json.getHeader("Content-Type")).startsWith("application/json");
        assertThat(json.getBodyAsString()).startsWith("{\"type\":\"contact.subscribed\"");
        assertThat(verifies(secret, json)).isTrue();
        assertThat(form(receivedForEvent("/form", id))).containsEntry("type", "subscribe");
    }

    @Test
    void aWebhookSwitchedToFormByPatchReceivesFormBodies() {
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, url("/form"), ALL_TYPES).get("id").asText();
        assertThat(api.call("PATCH", "/api/webhooks/" + hook, "{\"format\":\"form\"}").json().get("format").asText())
                .isEqualTo("form");

        String id = publish(list, "contact.subscribed", "");

        // the form body carries the event id percent-encoded only where needed; ids here are plain
        LoggedRequest r = receivedForEvent("/form", id);
        assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(r)).containsEntry("data[id]", id);
    }
}
