package io.hookline.infra;

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
 * The one user of the embedded broker, which Hookline's own connections and producers log in as:
 * {@code hookline.broker.embedded.username}/{@code .password}, or with no password configured, one
 * generated into {@code <data-dir>/broker-password} (owner-only) at first start, like the API key.
 */
public record BrokerCredentials(String username, String password) {

    public static final String FILE_NAME = "broker-password";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerCredentials.class);

    public BrokerCredentials {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("hookline.broker.embedded.username must not be empty");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the embedded broker's password must not be empty");
        }
    }

    public static BrokerCredentials configuredOrGenerated(String username, String password, Path dataDir) {
        if (password != null && !password.isBlank()) {
            return new BrokerCredentials(username, password);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                if (OwnerOnlyFile.create(file, (generated + "\n").getBytes(StandardCharsets.UTF_8))) {
                    LOG.info("Generated the embedded broker's password for user {} into {} "
                            + "(set hookline.broker.embedded.password to choose your own)", username, file);
                }
            }
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (stored.isEmpty()) {
                throw new IllegalStateException("the broker password file " + file + " is empty: delete it to have one generated");
            }
            return new BrokerCredentials(username, stored);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the broker password file " + file, e);
        }
    }

    @Override
    public String toString() {
        return "BrokerCredentials[username=" + username + ", password=***]";
    }
}
