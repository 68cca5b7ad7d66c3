package io.hookline.secrets;

import io.hookline.infra.OwnerOnlyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the key that encrypts webhook secrets comes from: {@code hookline.secrets.key} when set,
 * otherwise {@code <data-dir>/secrets-key}, generated (owner-only) at first start like the API key.
 */
public final class SecretsKey {

    public static final String FILE_NAME = "secrets-key";
    private static final Logger LOG = LoggerFactory.getLogger(SecretsKey.class);

    private SecretsKey() {
    }

    public static SecretCipher configuredOrGenerated(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return SecretCipher.fromBase64(configured);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                generate(file);
                LOG.info("Generated the key that encrypts webhook secrets into {} (back it up with the database, "
                        + "or set hookline.secrets.key)", file);
            } else {
                LOG.info("Using the webhook secrets key in {}", file);
            }
            return SecretCipher.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secrets key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the secrets key file " + file + " is not base64 of 32 bytes", e);
        }
    }

    private static void generate(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        // false: another instance on the same data dir wrote it first, and its key is the one read
        OwnerOnlyFile.create(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
