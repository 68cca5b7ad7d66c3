package io.hookline.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Every statement on the {@code secrets_key_canary} table: the one canary of the database's secrets key. */
public class SecretsKeyCanaryStore {

    /** The canary as stored (encrypted), and when it was first stored. */
    public record Canary(String stored, Instant createdAt) {
    }

    private final DataSource dataSource;

    public SecretsKeyCanaryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores {@code encrypted} unless a canary is there already (the first of two instances started at once wins); answers the one stored. */
    public Canary storeIfAbsent(String encrypted) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO secrets_key_canary (canary) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, encrypted);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT canary, created_at FROM secrets_key_canary");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Canary(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
    }
}
