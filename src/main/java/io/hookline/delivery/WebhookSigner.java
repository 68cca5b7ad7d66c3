package io.hookline.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Computes the Standard Webhooks {@code webhook-signature} header value. Thread-safe. */
public final class WebhookSigner {

    private static final String SECRET_PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";
    // Bounds the cache when secrets are rotated or webhooks deleted; refilling is cheap.
    private static final int MAX_CACHED_SECRETS = 10_000;

    // Initialised Macs per secret, never used directly: each signature works on a clone,
    // which skips base64 decoding and key setup on the hot path.
    private final Map<String, Mac> prototypes = new ConcurrentHashMap<>();

    /**
     * Returns {@code v1,<signature>} for each secret, space-separated, over
     * {@code msgId + "." + timestampSeconds + "." + body}.
     */
    public String sign(String msgId, long timestampSeconds, String body, List<String> secrets) {
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(body, "body");
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed to sign");
        }
        byte[] prefix = (msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getEncoder();

        StringBuilder header = new StringBuilder(secrets.size() * 48);
        for (String secret : secrets) {
            Mac mac = macFor(secret);
            mac.update(prefix);
            byte[] digest = mac.doFinal(content);
            if (header.length() > 0) {
                header.append(' ');
            }
            header.append("v1,").append(base64.encodeToString(digest));
        }
        return header.toString();
    }

    private Mac macFor(String secret) {
        Mac prototype = prototypes.get(secret);
        if (prototype == null) {
            if (prototypes.size() >= MAX_CACHED_SECRETS) {
                prototypes.clear();
            }
            prototype = prototypes.computeIfAbsent(secret, WebhookSigner::newMac);
        }
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // Only with an unusual JCE provider; correct, just slower.
            return newMac(secret);
        }
    }

    private static Mac newMac(String secret) {
        Objects.requireNonNull(secret, "secret");
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The secret itself must never end up in a log.
            throw new IllegalArgumentException("signing secret is not whsec_ followed by base64", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("signing secret has an empty key");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
