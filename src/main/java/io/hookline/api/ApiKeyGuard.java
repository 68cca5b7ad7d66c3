package io.hookline.api;

import io.hookline.infra.OwnerOnlyFile;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks the {@code Authorization: Bearer <key>} of API calls. Keys are kept as SHA-256 digests
 * and compared in constant time, so neither the configuration nor timing reveals them.
 */
public final class ApiKeyGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyGuard.class);

    private static final String CHECKED = "HooklineApiKeyChecked";

    private final List<byte[]> digests;

    private ApiKeyGuard(List<byte[]> digests) {
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("at least one API key is required");
        }
        this.digests = List.copyOf(digests);
    }

    /** Keys from configuration: plain keys or {@code sha256:<hex>} digests, comma-separated. */
    public static ApiKeyGuard fromConfig(String keys) {
        List<byte[]> digests = new ArrayList<>();
        for (String raw : keys.split(",")) {
            String key = raw.trim();
            if (key.isEmpty()) {
                continue;
            }
            if (key.startsWith("sha256:")) {
                digests.add(HexFormat.of().parseHex(key.substring("sha256:".length())));
            } else {
                digests.add(sha256(key));
            }
        }
        return new ApiKeyGuard(digests);
    }

    /** The configured keys, or else the key in {@code <dataDir>/api-key}, generated at first start. */
    public static ApiKeyGuard configuredOrGenerated(String keys, Path dataDir) {
        if (keys != null && !keys.isBlank()) {
            return fromConfig(keys);
        }
        Path file = dataDir.resolve("api-key").toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String key = "hk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                if (OwnerOnlyFile.create(file, (key + "\n").getBytes(StandardCharsets.UTF_8))) {
                    LOG.info("Generated an API key into {} (set hookline.api.keys to choose your own)", file);
                }
            } else {
                LOG.info("Using the API key in {}", file);
            }
            return fromConfig(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the API key file " + file, e);
        }
    }

    /**
     * Throws {@link ApiProblem} 401 unless the request's {@code Authorization} header carries a valid key.
     * Read from the HTTP request itself: Camel copies query parameters into the message headers, and
     * {@code ?Authorization=Bearer <key>} (which lands in access logs and browser histories) must not count.
     */
    public void check(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(CHECKED, Boolean.class))) {
            return; // an API route calling another: the request was checked where it came in
        }
        HttpMessage http = exchange.getIn(HttpMessage.class);
        if (http == null || http.getRequest() == null || !isValid(http.getRequest().getHeader("Authorization"))) {
            throw ApiProblem.unauthorized();
        }
        exchange.setProperty(CHECKED, true);
    }

    public boolean isValid(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented); // no early exit: constant time
        }
        return match;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
