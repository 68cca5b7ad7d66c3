package io.hookline.secrets;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Refuses to start an instance whose secrets key is not the database's: an instance with another
 * key would store secrets the others cannot read, and claim deliveries it cannot sign. Failing at
 * start, with the reason, beats deliveries that bounce between instances until someone reads the logs.
 *
 * <p>The database's key is known by a canary: a fixed label encrypted with it at the first start
 * (the first of two instances started at once wins). A database from before the canary is checked
 * against its newest webhook secret first, then given the canary.
 */
public final class SecretsKeyCheck {

    /** The canary's associated data and plaintext; the webhook ids never take this form. */
    static final String CANARY_LABEL = "hookline:secrets-key-canary";
    private static final String SAME_KEY = "every instance sharing a database needs the same key";

    private SecretsKeyCheck() {
    }

    public static void verify(DataSource dataSource, SecretCipher cipher) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            checkNewestSecret(c, cipher);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO secrets_key_canary (canary) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, cipher.encrypt(CANARY_LABEL, CANARY_LABEL));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT canary, created_at FROM secrets_key_canary");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                try {
                    if (!CANARY_LABEL.equals(cipher.decrypt(CANARY_LABEL, rs.getString(1)))) {
                        throw new SecretDecryptionException("the canary decrypts to something else");
                    }
                } catch (SecretDecryptionException e) {
                    throw new IllegalStateException("hookline.secrets.key is not the key this database was first "
                            + "started with (on " + rs.getTimestamp(2).toInstant() + "): " + SAME_KEY
                            + "; set hookline.secrets.key (or <data-dir>/secrets-key) to that key", e);
                }
            }
        }
    }

    private static void checkNewestSecret(Connection c, SecretCipher cipher) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                     "SELECT id, secret FROM webhook WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            try {
                cipher.decrypt(rs.getString(1), rs.getString(2));
            } catch (SecretDecryptionException e) {
                throw new IllegalStateException("hookline.secrets.key cannot read the webhook secrets in this database ("
                        + e.getMessage() + "): " + SAME_KEY, e);
            }
        }
    }
}
