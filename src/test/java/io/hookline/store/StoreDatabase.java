package io.hookline.store;

import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.V3__EncryptWebhookSecrets;
import io.hookline.support.SharedInfra;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.SQLException;

/** A database of a store test's own, with Hookline's schema: the webhooks' secrets under a key of zeros. */
final class StoreDatabase {

    private StoreDatabase() {
    }

    /** A new database, migrated to the latest version. */
    static PGSimpleDataSource create(String prefix) throws SQLException {
        PGSimpleDataSource db = SharedInfra.freshDatabase(prefix);
        migrate(db, "latest");
        return db;
    }

    /** Applies the migrations up to {@code target} ("latest" for all). */
    static void migrate(PGSimpleDataSource db, String target) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target(target)
                .javaMigrations(new V3__EncryptWebhookSecrets(new SecretCipher(new byte[32]))).load().migrate();
    }
}
