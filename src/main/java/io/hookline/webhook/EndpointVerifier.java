package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.delivery.CappedResponseBodies;
import io.hookline.event.FieldError;
import org.apache.camel.Body;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Checks, when a webhook is created with {@code "verify": true}, that its URL answers a GET with
 * 2xx within the delivery timeout, as Mailchimp does. It connects through the webhooks' own
 * connection pool, so the same resolve-check-connect guard applies and redirects are not followed, and
 * reads at most as much of the answer as a delivery does.
 */
public class EndpointVerifier {

    private final CloseableHttpClient client;
    private final Duration timeout;

    /**
     * @param cap bounds the answer read as for deliveries: a receiver answering the GET with an endless
     *            body is cut at the cap and its connection dropped, not drained when the answer is closed
     */
    public EndpointVerifier(HttpClientConnectionManager connections, Duration timeout, String userAgent,
                            CappedResponseBodies cap) {
        this.timeout = timeout;
        this.client = HttpClients.custom()
                .addExecInterceptorFirst("hookline-response-cap", cap)
                .setConnectionManager(connections)
                .setConnectionManagerShared(true)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(userAgent)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(timeout))
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .build())
                .build();
    }

    /** Throws a 422 problem saying what the URL answered, unless the spec asks for no check or it answers 2xx. */
    public void verifyIfRequested(@Body WebhookSpec spec) {
        if (!spec.verify()) {
            return;
        }
        String url = spec.url();
        HttpGet get = new HttpGet(url);
        // the timeout bounds the whole exchange, not only each read
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(get::cancel);
        int status;
        try (ClassicHttpResponse response = client.executeOpen(null, get, null)) {
            status = response.getCode();
        } catch (SocketTimeoutException e) {
            throw failed("GET " + url + " did not answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw failed("GET " + url + " could not connect: " + e.getMessage());
        } catch (IOException e) {
            throw failed(get.isCancelled()
                    ? "GET " + url + " did not answer within " + timeout.toMillis() + " ms"
                    : "GET " + url + " failed: " + e.getMessage());
        }
        if (status < 200 || status > 299) {
            throw failed("GET " + url + " answered " + status + "; verification needs a 2xx answer");
        }
    }

    private static ApiProblem failed(String detail) {
        return new ApiProblem(422, "Webhook URL verification failed", detail, List.of(new FieldError("url", detail)));
    }
}
