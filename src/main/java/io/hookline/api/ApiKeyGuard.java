package io.hookline.api;

import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
                Files.createDirectories(file.getParent());
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String key = "hk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                LOG.info("Generated an API key into {} (set hookline.api.keys to choose your own)", file);
            } else {
                LOG.info("Using the API key in {}", file);
            }
            return fromConfig(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the API key file " + file, e);
        }
    }

    /** Throws {@link ApiProblem} 401 unless the header carries a valid key. */
    public void check(@Header("Authorization") String authorization) {
        if (!isValid(authorization)) {
            throw ApiProblem.unauthorized();
        }
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
