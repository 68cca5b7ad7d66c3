package io.hookline.it;

import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.V3__EncryptWebhookSecrets;
import io.hookline.support.SharedInfra;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of an earlier version, with plaintext secrets, is migrated to encrypted ones at start
 * (Flyway V3, a Java migration given the key), and a second start changes nothing.
 */
class SecretsMigrationIT {

    @Test
    void plaintextSecretsOfAnEarlierVersionAreEncryptedByTheV3MigrationOnceAndStillDecrypt() throws Exception {
        PGSimpleDataSource ds = SharedInfra.freshDatabase("migration");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretCipher cipher = new SecretCipher(key);

        // the schema as version 2 left it, with plaintext secrets
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("2").load().migrate();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO webhook (id, list_id, url, events, secret, previous_secret) "
                     + "VALUES (?, 'list_1', 'https://example.com/', '{contact.subscribed}', ?, ?)")) {
            ps.setString(1, "wh_a");
            ps.setString(2, "whsec_currentA");
            ps.setString(3, "whsec_previousA");
            ps.executeUpdate();
            ps.setString(1, "wh_b");
            ps.setString(2, "whsec_currentB");
            ps.setNull(3, java.sql.Types.VARCHAR);
            ps.executeUpdate();
        }

        Flyway migrate = Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                .javaMigrations(new V3__EncryptWebhookSecrets(cipher)).load();
        migrate.migrate();
        String[] afterFirst = secrets(ds, "wh_a");
        assertThat(afterFirst[0]).startsWith("v1:").doesNotContain("currentA");
        assertThat(afterFirst[1]).startsWith("v1:").doesNotContain("previousA");
        assertThat(cipher.decrypt("wh_a", afterFirst[0])).isEqualTo("whsec_currentA");
        assertThat(cipher.decrypt("wh_a", afterFirst[1])).isEqualTo("whsec_previousA");
        assertThat(cipher.decrypt("wh_b", secrets(ds, "wh_b")[0])).isEqualTo("whsec_currentB");
        assertThat(secrets(ds, "wh_b")[1]).isNull();

        // a later start finds version 3 applied and leaves the rows alone
        migrate.migrate();
        assertThat(secrets(ds, "wh_a")).containsExactly(afterFirst);
        assertThat(migrate.info().applied()).extracting(m -> m.getVersion().getVersion()).contains("3");
    }

    private static String[] secrets(PGSimpleDataSource ds, String id) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret, previous_secret FROM webhook WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }
}
