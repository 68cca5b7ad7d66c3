package io.hookline.ops;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Gives a webhook's dead deliveries a new life: back to 'retrying' at the start of the schedule,
 * due now, so the retry scheduler sends them on its next round.
 */
public class DeadDeliveries {

    private static final String REVIVE = """
            UPDATE delivery
               SET status = 'retrying', schedule_step = 0, next_attempt_at = now(), completed_at = NULL
             WHERE webhook_id = ? AND status = 'dead'
            """;

    private final DataSource dataSource;

    public DeadDeliveries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns how many deliveries were put back on the schedule. */
    public int retry(String webhookId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(REVIVE)) {
            ps.setString(1, webhookId);
            return ps.executeUpdate();
        }
    }
}
