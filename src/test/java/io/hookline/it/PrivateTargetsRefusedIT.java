package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With private targets not allowed (the production default), the API refuses webhook URLs that
 * point at loopback, private, link-local or otherwise special-purpose addresses, on create and on
 * change, and accepts public ones. Only IP literals and localhost are used: no network needed.
 */
class PrivateTargetsRefusedIT extends HooklineTestSupport {

    private static final String PUBLIC_URL = "https://93.184.215.14/hook";

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.allow-private-targets", "false");
    }

    private Response create(String listId, String url) {
        return api.call("POST", "/api/lists/" + listId + "/webhooks",
                "{\"url\":\"" + url + "\",\"events\":[\"contact.subscribed\"]}");
    }

    private static String newList() {
        return "list_" + UUID.randomUUID();
    }

    /** Asserts a 400 problem+json answer with a field error on {@code url}; returns its messages. */
    private static List<String> assertUrlRefused(Response r, String url) {
        assertThat(r.status()).as("%s answered %s", url, r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        List<String> messages = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            if ("url".equals(e.path("field").asText())) {
                messages.add(e.path("message").asText());
            }
        }
        assertThat(messages).as("field errors on url for %s: %s", url, r.body()).isNotEmpty();
        assertThat(messages).allSatisfy(m -> assertThat(m).isNotBlank());
        return messages;
    }

    @ParameterizedTest(name = "create refuses {0}")
    @ValueSource(strings = {
            "http://127.0.0.1/hook",
            "http://localhost:8080/hook",
            "http://[::1]/hook",
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://192.168.1.1/hook",
            "http://2130706433/",
            "https://172.16.0.1/hook",
            "http://0.0.0.0/hook",
            "http://127.1/hook",
            "http://0x7f000001/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://[::ffff:169.254.169.254]/hook",
            "http://[fe80::1]/hook",
            "http://[fc00::1]/hook",
            "http://224.0.0.1/hook"})
    void creatingAWebhookAtAPrivateOrSpecialPurposeAddressAnswers400OnUrl(String url) {
        String list = newList();
        assertUrlRefused(create(list, url), url);
        assertThat(api.get("/api/lists/" + list + "/webhooks").json().path("items").size())
                .as("nothing was created").isZero();
    }

    @ParameterizedTest(name = "patch refuses {0}")
    @ValueSource(strings = {
            "http://127.0.0.1/hook",
            "http://localhost:8080/hook",
            "http://[::1]/hook",
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://192.168.1.1/hook",
            "http://2130706433/",
            "http://[::ffff:127.0.0.1]/hook"})
    void patchingAWebhookToAPrivateOrSpecialPurposeAddressAnswers400OnUrlAndKeepsTheOldUrl(String url) {
        Response created = create(newList(), PUBLIC_URL);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();

        assertUrlRefused(api.call("PATCH", "/api/webhooks/" + id, "{\"url\":\"" + url + "\"}"), url);
        JsonNode after = api.get("/api/webhooks/" + id).json();
        assertThat(after.path("url").asText()).isEqualTo(PUBLIC_URL);
        assertThat(after.path("updatedAt")).isEqualTo(created.json().path("updatedAt"));
    }

    @Test
    void theRefusalSaysWhyALoopbackAddressIsRefused() {
        List<String> messages = assertUrlRefused(create(newList(), "http://127.0.0.1/hook"), "http://127.0.0.1/hook");
        assertThat(String.join(" ", messages)).containsIgnoringCase("loopback");
    }

    @Test
    void aPublicIpLiteralIsAcceptedOnCreateAndOnPatch() {
        String list = newList();
        Response created = create(list, PUBLIC_URL);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("url").asText()).isEqualTo(PUBLIC_URL);
        String id = created.json().path("id").asText();

        Response changed = api.call("PATCH", "/api/webhooks/" + id, "{\"url\":\"https://93.184.215.15:8443/other\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("url").asText()).isEqualTo("https://93.184.215.15:8443/other");
    }
}
