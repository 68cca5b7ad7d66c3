package io.hookline.secrets;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Refuses to start an instance whose secrets key cannot read the secrets already in the database:
 * an instance with another key would claim deliveries it cannot sign. Failing at start, with the
 * reason, beats deliveries that bounce between instances until someone reads the logs.
 */
public final class SecretsKeyCheck {

    private SecretsKeyCheck() {
    }

    public static void verify(DataSource dataSource, SecretCipher cipher) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, secret FROM webhook WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return; // nothing stored yet: any key will do
            }
            try {
                cipher.decrypt(rs.getString(1), rs.getString(2));
            } catch (SecretDecryptionException e) {
                throw new IllegalStateException("hookline.secrets.key cannot read the webhook secrets in this database ("
                        + e.getMessage() + "): every instance sharing a database needs the same key", e);
            }
        }
    }
}
