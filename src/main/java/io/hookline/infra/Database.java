package io.hookline.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hookline.config.DatabaseSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** The connection pool to PostgreSQL: the configured one, or the embedded one started first. */
public final class Database {

    private Database() {
    }

    /** {@code closeAtStop} receives the embedded database (if started) and then the pool. */
    public static HikariDataSource open(DatabaseSettings settings, Path dataDir, Consumer<AutoCloseable> closeAtStop) {
        HikariConfig config = new HikariConfig();
        if (settings.embedded()) {
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, settings.embeddedPort());
            closeAtStop.accept(db);
            config.setJdbcUrl(db.jdbcUrl());
        } else {
            config.setJdbcUrl(settings.url());
            if (!settings.username().isEmpty()) {
                config.setUsername(settings.username());
            }
            if (!settings.password().isEmpty()) {
                config.setPassword(settings.password());
            }
        }
        config.setPoolName("hookline-db");
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(10_000);
        // keep starting while the database is unreachable; readiness reports it
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(config);
        closeAtStop.accept(dataSource);
        return dataSource;
    }

    /**
     * One connection of its own to the same database, outside the pool, for work that must not wait
     * behind busy pooled connections (the instance heartbeat); a borrower waits at most {@code timeout}.
     */
    public static HikariDataSource single(HikariDataSource pool, String name, Duration timeout,
                                          Consumer<AutoCloseable> closeAtStop) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pool.getJdbcUrl());
        config.setUsername(pool.getUsername());
        config.setPassword(pool.getPassword());
        config.setPoolName(name);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        HikariDataSource single = new HikariDataSource(config);
        closeAtStop.accept(single);
        return single;
    }
}
