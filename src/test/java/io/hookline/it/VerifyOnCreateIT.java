package io.hookline.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hookline.support.ApiClient.Response;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** With "verify": true a webhook is only created when its URL answers a GET with 2xx within the timeout. */
class VerifyOnCreateIT extends HooklineTestSupport {

    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(get(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(get(urlEqualTo("/missing")).willReturn(aResponse().withStatus(404)));
        receiver.stubFor(get(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", "/ok")));
        receiver.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(6_000)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private Response create(String list, String url, String verify) {
        return api.call("POST", "/api/lists/" + list + "/webhooks",
                "{\"url\":\"" + url + "\",\"events\":[\"subscribe\"],\"verify\":" + verify + "}");
    }

    private void assertRefused(String list, Response r, String detailPart) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains(detailPart);
        assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("url");
        assertThat(api.get("/api/lists/" + list + "/webhooks").json().get("items")).as("nothing created").isEmpty();
    }

    @Test
    void aUrlAnsweringTheGetWith2xxIsCreatedAfterOneGet() {
        String list = "list_" + UUID.randomUUID();
        int before = receiver.findAll(getRequestedFor(urlEqualTo("/ok"))).size();

        Response r = create(list, url("/ok"), "true");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(receiver.findAll(getRequestedFor(urlEqualTo("/ok")))).hasSize(before + 1);
        assertThat(receiver.findAll(getRequestedFor(urlEqualTo("/ok"))).get(before).getHeader("User-Agent")).startsWith("Hookline/");
    }

    @Test
    void aUrlAnsweringNon2xxIs422SayingWhatItAnswered() {
        String list = "list_" + UUID.randomUUID();
        assertRefused(list, create(list, url("/missing"), "true"), "answered 404");
        assertRefused(list, create(list, url("/moved"), "true"), "answered 302");
    }

    @Test
    void aUrlThatDoesNotAnswerWithinTheTimeoutIs422() {
        String list = "list_" + UUID.randomUUID();
        Instant start = Instant.now();

        Response r = create(list, url("/slow"), "true");

        assertRefused(list, r, "did not answer within");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aUrlRefusingTheConnectionIs422() {
        String list = "list_" + UUID.randomUUID();
        assertRefused(list, create(list, "http://127.0.0.1:" + SharedInfra.freePort() + "/x", "true"), "GET http://127.0.0.1:");
    }

    @Test
    void withoutVerifyNoGetIsMadeAndANonBooleanVerifyIs400() {
        String list = "list_" + UUID.randomUUID();
        assertThat(create(list, url("/missing"), "false").status()).isEqualTo(201);
        Response r = create(list, url("/ok"), "\"yes\"");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("verify");
    }
}
