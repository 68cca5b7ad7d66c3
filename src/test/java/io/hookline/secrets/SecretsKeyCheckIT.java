package io.hookline.secrets;

import io.hookline.support.SharedInfra;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An instance whose secrets key cannot read the secrets already in PostgreSQL does not start. */
class SecretsKeyCheckIT {

    private static final SecretCipher STORED_WITH = new SecretCipher(new SecureRandom().generateSeed(32));
    private static DataSource db;

    @BeforeAll
    static void schemaWithOneWebhook() throws Exception {
        db = SharedInfra.dataSource();
        Flyway.configure().dataSource(db).locations("classpath:db/migration")
                .javaMigrations(new V3__EncryptWebhookSecrets(STORED_WITH)).load().migrate();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO webhook (id, list_id, url, events, secret) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, "wh_check");
            ps.setString(2, "list_check");
            ps.setString(3, "https://example.com/hook");
            ps.setArray(4, c.createArrayOf("text", new String[] {"contact.subscribed"}));
            ps.setString(5, STORED_WITH.encrypt("wh_check", "whsec_c2VjcmV0"));
            ps.executeUpdate();
        }
    }

    @Test
    void theKeyTheSecretsWereStoredWithPasses() {
        assertThatCode(() -> SecretsKeyCheck.verify(db, STORED_WITH)).doesNotThrowAnyException();
    }

    @Test
    void anotherKeyIsRefusedWithTheReason() {
        SecretCipher another = new SecretCipher(new SecureRandom().generateSeed(32));
        assertThatThrownBy(() -> SecretsKeyCheck.verify(db, another))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every instance sharing a database needs the same key")
                .hasMessageNotContaining("whsec_");
    }
}
