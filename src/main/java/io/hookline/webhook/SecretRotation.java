package io.hookline.webhook;

import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.SecretGenerator;
import io.hookline.store.WebhookStore;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives a webhook a new signing secret. The current one becomes the previous secret and keeps
 * signing for the overlap, so receivers can switch without rejecting a delivery; a second
 * rotation within the overlap retires the oldest secret at once.
 */
public class SecretRotation {

    private final WebhookStore webhooks;
    private final Duration overlap;
    private final SecretCipher cipher;

    public SecretRotation(WebhookStore webhooks, Duration overlap, SecretCipher cipher) {
        this.webhooks = webhooks;
        this.overlap = overlap;
        this.cipher = cipher;
    }

    /** Returns the new secret and until when the previous one still signs. */
    public Map<String, Object> rotate(String webhookId) throws SQLException {
        String secret = SecretGenerator.newSecret();
        // the previous one moves over still encrypted
        Instant previousUntil = webhooks.rotateSecret(webhookId, cipher.encrypt(webhookId, secret), overlap);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("secret", secret);
        answer.put("previousSecretExpiresAt", previousUntil.toString());
        return answer;
    }
}
