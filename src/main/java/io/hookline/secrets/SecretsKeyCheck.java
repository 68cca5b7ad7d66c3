package io.hookline.secrets;

import io.hookline.store.WebhookStore;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Refuses to start an instance whose secrets key cannot read the secrets already in the database:
 * an instance with another key would claim deliveries it cannot sign. Failing at start, with the
 * reason, beats deliveries that bounce between instances until someone reads the logs.
 */
public final class SecretsKeyCheck {

    private SecretsKeyCheck() {
    }

    public static void verify(DataSource dataSource, SecretCipher cipher) throws SQLException {
        Optional<WebhookStore.StoredSecret> newest = new WebhookStore(dataSource, cipher).newestSecret();
        if (newest.isEmpty()) {
            return; // nothing stored yet: any key will do
        }
        try {
            cipher.decrypt(newest.get().webhookId(), newest.get().stored());
        } catch (SecretDecryptionException e) {
            throw new IllegalStateException("hookline.secrets.key cannot read the webhook secrets in this database ("
                    + e.getMessage() + "): every instance sharing a database needs the same key", e);
        }
    }
}
