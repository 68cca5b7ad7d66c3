package io.hookline.instance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The instance table: who runs, who still beats, and who has been declared dead by whom. */
public class InstanceStore {

    /**
     * Instances that stopped, or whose heartbeat is older than the limit, declared dead by the caller
     * in one statement: the row lock makes exactly one survivor take over each of them.
     */
    private static final String DECLARE_DEAD = """
            UPDATE instance SET taken_over_at = now(), taken_over_by = ?
             WHERE taken_over_at IS NULL AND id <> ?
               AND (stopped_at IS NOT NULL OR heartbeat_at < now() - make_interval(secs => ?))
            RETURNING id
            """;

    /** A restarted instance's predecessor, unless it still beats (two live instances sharing a data dir). */
    private static final String DECLARE_PREDECESSOR_DEAD = """
            UPDATE instance SET taken_over_at = now(), taken_over_by = ?
             WHERE id = ? AND taken_over_at IS NULL
               AND (stopped_at IS NOT NULL OR heartbeat_at < now() - make_interval(secs => ?))
            RETURNING id
            """;

    private final DataSource dataSource;

    public InstanceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void register(String id, String host) throws SQLException {
        update("INSERT INTO instance (id, host) VALUES (?, ?)", id, host);
    }

    /** False when the instance has been declared dead (it was paused, or cut off from the database, too long). */
    public boolean beat(String id) throws SQLException {
        return update("UPDATE instance SET heartbeat_at = now() WHERE id = ? AND taken_over_at IS NULL", id) == 1;
    }

    /** A graceful stop: what it still holds can be taken over at once. */
    public void stopped(String id) throws SQLException {
        update("UPDATE instance SET stopped_at = now() WHERE id = ?", id);
    }

    /** Declares dead every other instance silent for longer than {@code deadAfter}; returns their ids. */
    public List<String> declareDead(String survivor, Duration deadAfter) throws SQLException {
        return ids(DECLARE_DEAD, survivor, survivor, deadAfter.toMillis() / 1000.0);
    }

    /** Declares the predecessor dead if it no longer beats ({@code silentFor}); returns it, or nothing. */
    public List<String> declarePredecessorDead(String survivor, String predecessor, Duration silentFor) throws SQLException {
        return ids(DECLARE_PREDECESSOR_DEAD, survivor, predecessor, silentFor.toMillis() / 1000.0);
    }

    /** Forgets instances taken over long ago: none of their deliveries is held any longer. */
    public int forget(Duration after) throws SQLException {
        return update("DELETE FROM instance WHERE taken_over_at < now() - make_interval(secs => ?)",
                after.toMillis() / 1000.0);
    }

    private List<String> ids(String sql, Object... params) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
