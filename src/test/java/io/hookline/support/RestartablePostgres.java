package io.hookline.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL that a fault test can stop and start again on the same port and data
 * directory, as an operator restarting the database under Hookline would.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    public RestartablePostgres() {
        try {
            this.dataDir = Files.createTempDirectory("hookline-fault-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = SharedInfra.freePort();
        start();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    public synchronized void start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    // kept across a stop: the restart must find the data it had
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL", e);
        }
    }

    public synchronized void stop() {
        try {
            postgres.close();
            postgres = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the test PostgreSQL", e);
        }
    }

    public synchronized boolean running() {
        return postgres != null;
    }

    @Override
    public void close() {
        if (postgres != null) {
            stop();
        }
    }
}
