package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.event.FieldError;
import org.apache.camel.Header;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A webhook's deliveries of the last hours, counted per UTC hour by their status now. */
public class DeliveryStats {

    static final int DEFAULT_HOURS = 24;
    static final int MAX_HOURS = 168;

    /**
     * Every hour of the window gets a row, also an empty one (generate_series), so a chart needs no
     * gap filling. Deliveries are counted in the hour they were created; the range condition on
     * created_at keeps it an index scan of delivery_by_webhook.
     */
    private static final String SQL = """
            WITH hours AS (
                SELECT generate_series(date_trunc('hour', now(), 'UTC') - make_interval(hours => ? - 1),
                                       date_trunc('hour', now(), 'UTC'), interval '1 hour') AS hour
            ), counts AS (
                SELECT date_trunc('hour', created_at, 'UTC') AS hour, status, count(*) AS n
                  FROM delivery
                 WHERE webhook_id = ? AND created_at >= (SELECT min(hour) FROM hours)
                 GROUP BY 1, 2
            )
            SELECT h.hour,
                   coalesce(sum(c.n) FILTER (WHERE c.status = 'succeeded'), 0) AS succeeded,
                   coalesce(sum(c.n) FILTER (WHERE c.status = 'retrying'), 0) AS retrying,
                   coalesce(sum(c.n) FILTER (WHERE c.status = 'dead'), 0) AS dead,
                   coalesce(sum(c.n) FILTER (WHERE c.status = 'pending'), 0) AS pending,
                   coalesce(sum(c.n) FILTER (WHERE c.status = 'skipped'), 0) AS skipped
              FROM hours h LEFT JOIN counts c ON c.hour = h.hour
             GROUP BY h.hour
             ORDER BY h.hour
            """;

    private final DataSource dataSource;
    private final WebhookStore webhooks;

    public DeliveryStats(DataSource dataSource, WebhookStore webhooks) {
        this.dataSource = dataSource;
        this.webhooks = webhooks;
    }

    /** Hourly counts, oldest hour first, the current (unfinished) hour last. */
    public HourlyDeliveries hourly(@Header("id") String webhookId, @Header("hours") String hours) throws SQLException {
        int n = parseHours(hours);
        webhooks.get(webhookId); // 404 for an unknown or deleted webhook
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setInt(1, n);
            ps.setString(2, webhookId);
            List<HourlyDeliveries.Bucket> buckets = new ArrayList<>(n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    buckets.add(new HourlyDeliveries.Bucket(rs.getTimestamp("hour").toInstant(),
                            rs.getLong("succeeded"), rs.getLong("retrying"), rs.getLong("dead"),
                            rs.getLong("pending"), rs.getLong("skipped")));
                }
            }
            return new HourlyDeliveries(webhookId, n, buckets);
        }
    }

    static int parseHours(String hours) {
        if (hours == null || hours.isBlank()) {
            return DEFAULT_HOURS;
        }
        try {
            int n = Integer.parseInt(hours.trim());
            if (n >= 1 && n <= MAX_HOURS) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badRequest("hours must be a whole number from 1 to " + MAX_HOURS,
                List.of(new FieldError("hours", "must be a whole number from 1 to " + MAX_HOURS)));
    }
}
