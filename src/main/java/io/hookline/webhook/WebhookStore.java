package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.secrets.SecretCipher;
import org.apache.camel.Header;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Webhooks and their delivery log in PostgreSQL, for the management API. */
public class WebhookStore {

    /**
     * A webhook row {@code w} with its failure streak and its newest delivery (one index probe of
     * delivery_by_webhook), so a list of webhooks shows how each is doing without a call per webhook.
     */
    private static final String VIEW = "SELECT w.id, w.list_id, w.url, w.events, w.sources, w.format, w.description, "
            + "w.enabled, w.disabled_reason, w.created_at, w.updated_at, w.failing_since, "
            + "last.created_at AS last_delivery_at, last.status AS last_delivery_status "
            + "FROM %s w LEFT JOIN LATERAL (SELECT d.created_at, d.status FROM delivery d WHERE d.webhook_id = w.id "
            + "ORDER BY d.created_at DESC, d.id DESC LIMIT 1) last ON true";
    private static final String DELIVERY_COLUMNS = "id, webhook_id, event_id, event_type, status, attempt_count, "
            + "next_attempt_at, last_status_code, last_error, created_at, completed_at";
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public WebhookStore(DataSource dataSource, SecretCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /** Creates a webhook with a new secret; returns it with the secret, which only this answer shows. */
    public WebhookWithSecret create(@Header("listId") String listId, WebhookSpec spec) throws SQLException {
        String id = "wh_" + randomId(24);
        String secret = SecretGenerator.newSecret();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "WITH w AS (INSERT INTO webhook (id, list_id, url, events, sources, format, description, enabled, secret) "
                             + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *) " + VIEW.formatted("w"))) {
            ps.setString(1, id);
            ps.setString(2, listId);
            ps.setString(3, spec.url());
            ps.setArray(4, textArray(c, spec.events()));
            ps.setArray(5, textArray(c, spec.sources() == null ? List.of() : spec.sources()));
            ps.setString(6, spec.format() == null ? "json" : spec.format());
            ps.setString(7, spec.description());
            ps.setBoolean(8, spec.enabled() == null || spec.enabled());
            ps.setString(9, cipher.encrypt(id, secret)); // stored encrypted only
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new WebhookWithSecret(webhook(rs), secret);
            }
        }
    }

    public Page<Webhook> listByList(@Header("listId") String listId, @Header("cursor") String cursor,
                                    @Header("limit") String limit) throws SQLException {
        int n = PageLimit.parse(limit);
        Cursor after = Cursor.decode(cursor);
        String sql = VIEW.formatted("webhook") + " WHERE w.list_id = ? AND w.deleted_at IS NULL"
                + (after == null ? "" : " AND (w.created_at, w.id) > (?, ?)")
                + " ORDER BY w.created_at, w.id LIMIT ?";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, listId);
            if (after != null) {
                ps.setTimestamp(i++, Timestamp.from(after.at()));
                ps.setString(i++, after.id());
            }
            ps.setInt(i, n + 1);
            List<Webhook> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(webhook(rs));
                }
            }
            return page(items, n, w -> new Cursor(w.createdAt(), w.id()));
        }
    }

    public Webhook get(@Header("id") String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     VIEW.formatted("webhook") + " WHERE w.id = ? AND w.deleted_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("webhook", id);
                }
                return webhook(rs);
            }
        }
    }

    /** Applies the non-null fields of a change; enabling clears the disabled reason and failure streak. */
    public Webhook update(@Header("id") String id, WebhookSpec change) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     WITH w AS (UPDATE webhook SET
                         url = COALESCE(?, url),
                         events = COALESCE(?, events),
                         sources = COALESCE(?, sources),
                         format = COALESCE(?, format),
                         description = COALESCE(?, description),
                         enabled = COALESCE(?, enabled),
                         disabled_reason = CASE WHEN ? IS NULL THEN disabled_reason WHEN ? THEN NULL ELSE 'disabled through the API' END,
                         failing_since = CASE WHEN ? THEN NULL ELSE failing_since END,
                         updated_at = now()
                      WHERE id = ? AND deleted_at IS NULL
                     RETURNING *)
                     """ + VIEW.formatted("w"))) {
            ps.setString(1, change.url());
            ps.setArray(2, change.events() == null ? null : textArray(c, change.events()));
            ps.setArray(3, change.sources() == null ? null : textArray(c, change.sources()));
            ps.setString(4, change.format());
            ps.setString(5, change.description());
            ps.setObject(6, change.enabled(), java.sql.Types.BOOLEAN);
            ps.setObject(7, change.enabled(), java.sql.Types.BOOLEAN);
            ps.setObject(8, change.enabled(), java.sql.Types.BOOLEAN);
            ps.setBoolean(9, Boolean.TRUE.equals(change.enabled()));
            ps.setString(10, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("webhook", id);
                }
                return webhook(rs);
            }
        }
    }

    /** Deletes a webhook; deliveries still queued for it are skipped. */
    public void delete(@Header("id") String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE webhook SET deleted_at = now(), enabled = false, updated_at = now() "
                             + "WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, id);
            if (ps.executeUpdate() == 0) {
                throw ApiProblem.notFound("webhook", id);
            }
        }
    }

    public String secret(@Header("id") String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret FROM webhook WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("webhook", id);
                }
                return cipher.decrypt(id, rs.getString(1));
            }
        }
    }

    /** A webhook's deliveries, newest first, optionally of one status. */
    public Page<DeliveryView> deliveries(@Header("id") String webhookId, @Header("status") String status,
                                         @Header("cursor") String cursor, @Header("limit") String limit) throws SQLException {
        get(webhookId);
        int n = PageLimit.parse(limit);
        DeliveryStatus.check(status);
        Cursor before = Cursor.decode(cursor);
        String sql = "SELECT " + DELIVERY_COLUMNS + " FROM delivery WHERE webhook_id = ?"
                + (status == null || status.isBlank() ? "" : " AND status = ?")
                + (before == null ? "" : " AND (created_at, id) < (?, ?)")
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, webhookId);
            if (status != null && !status.isBlank()) {
                ps.setString(i++, status);
            }
            if (before != null) {
                ps.setTimestamp(i++, Timestamp.from(before.at()));
                ps.setString(i++, before.id());
            }
            ps.setInt(i, n + 1);
            List<DeliveryView> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(delivery(rs, null));
                }
            }
            return page(items, n, d -> new Cursor(d.createdAt(), d.id()));
        }
    }

    /** One delivery with every attempt. */
    public DeliveryView delivery(@Header("id") String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<DeliveryView.Attempt> attempts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT attempt, started_at, duration_ms, status_code, response_excerpt, error "
                            + "FROM delivery_attempt WHERE delivery_id = ? ORDER BY attempt")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attempts.add(new DeliveryView.Attempt(rs.getInt(1), instant(rs, "started_at"), rs.getInt(3),
                                integer(rs, "status_code"), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM delivery WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiProblem.notFound("delivery", id);
                    }
                    return delivery(rs, attempts);
                }
            }
        }
    }

    private static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, Cursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)).encode());
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString("id"), rs.getString("list_id"), rs.getString("url"),
                strings(rs.getArray("events")), strings(rs.getArray("sources")), rs.getString("format"),
                rs.getString("description"), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "failing_since"),
                instant(rs, "last_delivery_at"), rs.getString("last_delivery_status"));
    }

    private static DeliveryView delivery(ResultSet rs, List<DeliveryView.Attempt> attempts) throws SQLException {
        return new DeliveryView(rs.getString("id"), rs.getString("webhook_id"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("status"), rs.getInt("attempt_count"),
                instant(rs, "next_attempt_at"), integer(rs, "last_status_code"), rs.getString("last_error"),
                instant(rs, "created_at"), instant(rs, "completed_at"), attempts);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Array textArray(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(new String[0]));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private String randomId(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(out);
    }
}
