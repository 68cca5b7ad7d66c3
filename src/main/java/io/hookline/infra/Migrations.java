package io.hookline.infra;

import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.V3__EncryptWebhookSecrets;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Brings the schema up to date before anything reads or writes it. */
public final class Migrations {

    private Migrations() {
    }

    /** Runs the pending migrations and returns the schema version now in place. */
    public static String migrate(DataSource dataSource, SecretCipher cipher) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // encrypts secrets stored in plaintext by earlier versions; needs the key, so not found by scanning
                .javaMigrations(new V3__EncryptWebhookSecrets(cipher))
                .load();
        flyway.migrate();
        return flyway.info().current().getVersion().getVersion();
    }
}
