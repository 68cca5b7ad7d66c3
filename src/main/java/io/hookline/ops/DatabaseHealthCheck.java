package io.hookline.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Readiness: PostgreSQL answers, and its schema is at the version this build migrated to with
 * no failed migration. It opens its own short-timeout connection: the pool would wait its full
 * connection timeout for a database that is gone.
 */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final String SCHEMA_OK = """
            SELECT EXISTS (SELECT 1 FROM flyway_schema_history WHERE success AND version = ?)
               AND NOT EXISTS (SELECT 1 FROM flyway_schema_history WHERE NOT success)
            """;
    private static final int TIMEOUT_SECONDS = 2;

    private final String jdbcUrl;
    private final Properties connectionProperties = new Properties();
    private final String schemaVersion;

    public DatabaseHealthCheck(String jdbcUrl, String username, String password, String schemaVersion) {
        super("hookline", "database");
        this.jdbcUrl = jdbcUrl;
        this.schemaVersion = schemaVersion;
        if (username != null) {
            connectionProperties.setProperty("user", username);
        }
        if (password != null) {
            connectionProperties.setProperty("password", password);
        }
        connectionProperties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
        connectionProperties.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
        connectionProperties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS + 1));
    }

    @Override
    public boolean isLiveness() {
        return false; // a database outage is waited out, not cured by a restart
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("schema.version", schemaVersion);
        try (Connection c = DriverManager.getConnection(jdbcUrl, connectionProperties);
             PreparedStatement ps = c.prepareStatement(SCHEMA_OK)) {
            ps.setQueryTimeout(TIMEOUT_SECONDS);
            ps.setString(1, schemaVersion);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    builder.up();
                } else {
                    builder.down().message("schema is not at version " + schemaVersion + " or a migration failed");
                }
            }
        } catch (SQLException e) {
            builder.down().message("database unreachable: " + e.getMessage());
        }
    }
}
