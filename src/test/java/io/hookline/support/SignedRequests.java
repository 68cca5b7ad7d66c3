package io.hookline.support;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/** Checks requests a WireMock receiver got as a receiver would: with the standardwebhooks library. */
public final class SignedRequests {

    private SignedRequests() {
    }

    public static boolean verifies(String secret, LoggedRequest r) {
        try {
            new Webhook(secret).verify(r.getBodyAsString(), HttpHeaders.of(Map.of(
                    "webhook-id", List.of(r.getHeader("webhook-id")),
                    "webhook-timestamp", List.of(r.getHeader("webhook-timestamp")),
                    "webhook-signature", List.of(r.getHeader("webhook-signature"))), (a, b) -> true));
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }
}
