package io.hookline.secrets;

import io.hookline.store.SecretsKeyCanaryStore;
import io.hookline.store.WebhookStore;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Optional;

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
        checkNewestSecret(new WebhookStore(dataSource, cipher), cipher);
        SecretsKeyCanaryStore.Canary canary = new SecretsKeyCanaryStore(dataSource)
                .storeIfAbsent(cipher.encrypt(CANARY_LABEL, CANARY_LABEL));
        try {
            if (!CANARY_LABEL.equals(cipher.decrypt(CANARY_LABEL, canary.stored()))) {
                throw new SecretDecryptionException("the canary decrypts to something else");
            }
        } catch (SecretDecryptionException e) {
            throw new IllegalStateException("hookline.secrets.key is not the key this database was first "
                    + "started with (on " + canary.createdAt() + "): " + SAME_KEY
                    + "; set hookline.secrets.key (or <data-dir>/secrets-key) to that key", e);
        }
    }

    private static void checkNewestSecret(WebhookStore webhooks, SecretCipher cipher) throws SQLException {
        Optional<WebhookStore.StoredSecret> newest = webhooks.newestSecret();
        if (newest.isEmpty()) {
            return;
        }
        try {
            cipher.decrypt(newest.get().webhookId(), newest.get().stored());
        } catch (SecretDecryptionException e) {
            throw new IllegalStateException("hookline.secrets.key cannot read the webhook secrets in this database ("
                    + e.getMessage() + "): " + SAME_KEY, e);
        }
    }
}
