package io.hookline.store;

import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.SecretGenerator;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every statement on the {@code webhook} table: webhooks as the API manages them, their secrets
 * (stored encrypted), their state (enabled, disabled with a reason, deleted).
 */
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
    /**
     * The current secret becomes the previous one, still encrypted, and keeps signing for the
     * overlap; a second rotation within the overlap retires the oldest secret at once.
     */
    private static final String ROTATE = """
            UPDATE webhook
               SET previous_secret = secret, previous_secret_until = now() + make_interval(secs => ?),
                   secret = ?, updated_at = now()
             WHERE id = ? AND deleted_at IS NULL
            RETURNING previous_secret_until
            """;
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public WebhookStore(DataSource dataSource, SecretCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /** A secret as stored (encrypted), with the webhook it belongs to. */
    public record StoredSecret(String webhookId, String stored) {
    }

    /** A webhook's list and whether it is enabled. */
    public record State(String listId, boolean enabled) {
    }

    /** Creates a webhook with a new secret; returns it with the secret, which only this answer shows. */
    public WebhookWithSecret create(String listId, WebhookSpec spec) throws SQLException {
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

    /** The webhooks of a contact list, oldest first. */
    public Page<Webhook> listByList(String listId, PageRequest page) throws SQLException {
        int n = page.limit();
        Cursor after = page.after();
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
            return Page.of(items, n, w -> new Cursor(w.createdAt(), w.id()));
        }
    }

    public Webhook get(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     VIEW.formatted("webhook") + " WHERE w.id = ? AND w.deleted_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("webhook", id);
                }
                return webhook(rs);
            }
        }
    }

    /** Applies the non-null fields of a change; enabling clears the disabled reason and failure streak. */
    public Webhook update(String id, WebhookSpec change) throws SQLException {
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
                    throw new NotFoundException("webhook", id);
                }
                return webhook(rs);
            }
        }
    }

    /** Deletes a webhook; deliveries still queued for it are skipped. */
    public void delete(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE webhook SET deleted_at = now(), enabled = false, updated_at = now() "
                             + "WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, id);
            if (ps.executeUpdate() == 0) {
                throw new NotFoundException("webhook", id);
            }
        }
    }

    /** The current secret, decrypted. */
    public String secret(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret FROM webhook WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("webhook", id);
                }
                return cipher.decrypt(id, rs.getString(1));
            }
        }
    }

    /** Not found for an unknown or deleted webhook. */
    public void requireExists(String id) throws SQLException {
        state(id);
    }

    /** Its list and whether it is enabled; not found when deleted. */
    public State state(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT list_id, enabled FROM webhook WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("webhook", id);
                }
                return new State(rs.getString("list_id"), rs.getBoolean("enabled"));
            }
        }
    }

    /** Stores a new (encrypted) secret; returns until when the previous one still signs. */
    public Instant rotateSecret(String id, String encryptedSecret, Duration overlap) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(ROTATE)) {
            ps.setDouble(1, overlap.toMillis() / 1000.0);
            ps.setString(2, encryptedSecret);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("webhook", id);
                }
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    /** The current secret of the newest webhook, as stored; empty when there is none. */
    public Optional<StoredSecret> newestSecret() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, secret FROM webhook WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new StoredSecret(rs.getString(1), rs.getString(2))) : Optional.empty();
        }
    }

    /**
     * Disables a webhook with the reason, unless it already is; with {@code ifFailingSince}, only
     * while it has been failing without a success since then (a success in the meantime ends the
     * streak and keeps it enabled).
     */
    public void disable(String id, String reason, Instant ifFailingSince) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook SET enabled = false, disabled_reason = ?, updated_at = now() "
                     + "WHERE id = ? AND enabled AND (CAST(? AS timestamptz) IS NULL OR failing_since <= ?)")) {
            Timestamp since = ifFailingSince == null ? null : Timestamp.from(ifFailingSince);
            ps.setString(1, reason);
            ps.setString(2, id);
            ps.setTimestamp(3, since);
            ps.setTimestamp(4, since);
            ps.executeUpdate();
        }
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString("id"), rs.getString("list_id"), rs.getString("url"),
                strings(rs.getArray("events")), strings(rs.getArray("sources")), rs.getString("format"),
                rs.getString("description"), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "failing_since"),
                instant(rs, "last_delivery_at"), rs.getString("last_delivery_status"));
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

    private String randomId(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(out);
    }
}
