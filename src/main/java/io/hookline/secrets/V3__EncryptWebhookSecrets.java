package io.hookline.secrets;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Encrypts the webhook secrets that earlier versions stored in plaintext (current and previous),
 * in the same transaction as the schema history entry, so a database is either all plaintext with
 * version 2 or all encrypted with version 3. A Java migration because the key is not known to SQL;
 * it is handed in by the configuration, never read from the database.
 */
public class V3__EncryptWebhookSecrets extends BaseJavaMigration {

    private final SecretCipher cipher;

    public V3__EncryptWebhookSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, secret, previous_secret FROM webhook ORDER BY id FOR UPDATE");
             PreparedStatement update = c.prepareStatement(
                     "UPDATE webhook SET secret = ?, previous_secret = ? WHERE id = ?");
             ResultSet rs = select.executeQuery()) {
            int pending = 0;
            while (rs.next()) {
                String id = rs.getString(1);
                update.setString(1, encrypted(id, rs.getString(2)));
                update.setString(2, encrypted(id, rs.getString(3)));
                update.setString(3, id);
                update.addBatch();
                if (++pending == 500) {
                    update.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                update.executeBatch();
            }
        }
    }

    private String encrypted(String webhookId, String value) {
        if (value == null || SecretCipher.isEncrypted(value)) {
            return value;
        }
        return cipher.encrypt(webhookId, value);
    }
}
