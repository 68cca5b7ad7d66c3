package io.hookline.delivery;

import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.SecretDecryptionException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The state of deliveries in PostgreSQL, the source of truth: claiming a delivery for an attempt,
 * recording attempts and outcomes, deferring and skipping. Each call is one round trip; claims
 * and successes, the two writes of every delivery, are grouped across delivery threads.
 */
public class DeliveryLedger {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);
    // bounds the cache of decrypted secrets when secrets are rotated or webhooks deleted
    private static final int MAX_DECRYPTED = 10_000;

    /**
     * A queue message may attempt its delivery only while the dispatch_seq it carries is current,
     * so a message redelivered by the broker after a crash, or sent twice by the scheduler,
     * cannot cause a second attempt. The claim also reserves the delivery: a message claimed within
     * the first half of the lease its dispatch set keeps that lease end (next_attempt_at unchanged,
     * dispatch_seq unindexed: a HOT update, no index write), a later one gets a whole lease from now.
     * The status test is written as NOT IN the finished states (the same set, by the table's CHECK)
     * so that the planner cannot answer it from the partial index of due deliveries: with stale
     * statistics it did, scanning every pending delivery for each batch, while the queue was long.
     */
    static final String CLAIM = """
            UPDATE delivery d
               SET dispatch_seq = d.dispatch_seq + 1, held_by = ?,
                   next_attempt_at = CASE WHEN d.next_attempt_at > now() + make_interval(secs => ?) THEN d.next_attempt_at
                                          ELSE now() + make_interval(secs => ?) END
              FROM webhook w, event e, unnest(?::text[], ?::int[]) AS c(id, seq)
             WHERE d.id = c.id AND d.dispatch_seq = c.seq AND d.status NOT IN ('succeeded', 'dead', 'skipped')
               AND w.id = d.webhook_id AND e.id = d.event_id
            RETURNING d.id, c.seq, d.webhook_id, d.event_id, d.event_type, d.attempt_count, d.schedule_step,
                      w.url, w.secret,
                      CASE WHEN w.previous_secret_until > now() THEN w.previous_secret END AS previous_secret,
                      w.format, w.enabled, w.deleted_at IS NOT NULL AS deleted, w.failing_since, w.list_id,
                      e.payload, e.occurred_at
            """;

    /**
     * Successes of many deliveries in one statement: their new state, and their attempts. Like every
     * outcome, written only while the delivery's dispatch_seq is still the one its claim set: an
     * instance that was paused past its heartbeat, and whose deliveries were taken over, records nothing.
     */
    private static final String SUCCEEDED_ALL = """
            WITH s AS (
                SELECT * FROM unnest(?::text[], ?::int[], ?::int[], ?::timestamptz[], ?::int[], ?::int[], ?::text[])
                         AS s(id, seq, attempt, started_at, duration_ms, status_code, excerpt)),
            done AS (
                UPDATE delivery d
                   SET status = 'succeeded', attempt_count = s.attempt, last_status_code = s.status_code,
                       last_error = NULL, next_attempt_at = NULL, completed_at = now()
                  FROM s
                 WHERE d.id = s.id AND d.dispatch_seq = s.seq
                RETURNING d.id)
            INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error)
            SELECT s.id, s.attempt, s.started_at, s.duration_ms, s.status_code, s.excerpt, NULL FROM s JOIN done USING (id)
            """;

    /** One round trip: the delivery's new state, the attempt, and the webhook's failure streak. */
    private static final String FAILED = """
            WITH d AS (
                UPDATE delivery
                   SET status = ?, attempt_count = ?, schedule_step = ?, last_status_code = ?, last_error = ?,
                       next_attempt_at = ?, completed_at = CASE WHEN ? = 'dead' THEN now() END, held_by = NULL
                 WHERE id = ? AND dispatch_seq = ?
                RETURNING id),
            attempt AS (
                INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error)
                SELECT id, ?, ?, ?, ?, ?, ? FROM d),
            streak AS (
                UPDATE webhook SET failing_since = COALESCE(failing_since, now())
                 WHERE id = ? AND EXISTS (SELECT 1 FROM d) RETURNING failing_since)
            SELECT (SELECT failing_since FROM streak)
            """;

    private static final String ATTEMPT_ONLY = """
            WITH d AS (
                UPDATE delivery SET attempt_count = ?, last_status_code = ?, last_error = ?
                 WHERE id = ? AND dispatch_seq = ?
                RETURNING id)
            INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error)
            SELECT id, ?, ?, ?, ?, ?, ? FROM d
            """;

    private static final String DEFER_ALL = """
            UPDATE delivery d SET next_attempt_at = u.until, held_by = NULL
              FROM unnest(?::text[], ?::timestamptz[]) AS u(id, until)
             WHERE d.id = u.id AND d.status NOT IN ('succeeded', 'dead', 'skipped')
            """;

    /**
     * The deliveries held by instances declared dead, due now: dispatched by them (their message may
     * have died with them) or claimed (their attempt may never end). Only leased ones can be held, so
     * the scan of the due index stops at one lease from now.
     */
    private static final String RELEASE_HELD = """
            UPDATE delivery SET next_attempt_at = now(), held_by = NULL
             WHERE status IN ('pending', 'retrying') AND held_by = ANY (?)
               AND next_attempt_at > now() AND next_attempt_at <= now() + make_interval(secs => ?)
            """;

    /** A claimed delivery this instance may no longer send, due now unless another instance has claimed it since. */
    private static final String RELEASE_CLAIM = """
            UPDATE delivery SET next_attempt_at = now(), held_by = NULL
             WHERE id = ? AND dispatch_seq = ? AND status NOT IN ('succeeded', 'dead', 'skipped')
            """;

    /** A delivery sent back to the schedule without an attempt. */
    public record Deferral(String deliveryId, Instant until) {
    }

    /** A queue message's claim on a delivery. */
    record Claim(String deliveryId, int seq) {
    }

    /** A success to record. */
    record Success(InFlightDelivery delivery, AttemptResult attempt) {
    }

    private final DataSource dataSource;
    private final Duration lease;
    private final SecretCipher cipher;
    private final Map<String, String> decrypted = new ConcurrentHashMap<>();
    private final Supplier<String> instanceId;
    // claims and successes of concurrent deliveries share round trips and commits
    private final GroupCommit<Claim, InFlightDelivery> claims;
    private final GroupCommit<Success, Boolean> successes;
    // a dead endpoint's deliveries are refused at the rate they arrive: one round trip for many
    private final GroupCommit<Deferral, Boolean> deferrals;

    /** {@code instanceId}: this instance's current identity, recorded on the deliveries it claims. */
    public DeliveryLedger(DataSource dataSource, Duration lease, SecretCipher cipher, Supplier<String> instanceId) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.lease = lease;
        this.cipher = cipher;
        this.claims = new GroupCommit<>("ledger-claims", 2, 64, this::claimAll, DeliveryLedger::itemMayBeAtFault);
        this.successes = new GroupCommit<>("ledger-successes", 2, 64, this::succeededAll, DeliveryLedger::itemMayBeAtFault);
        this.deferrals = new GroupCommit<>("ledger-deferrals", 1, 256, this::deferAll, DeliveryLedger::itemMayBeAtFault);
    }

    /**
     * Whether a failed batch may have failed for one of its rows (worth writing them one by one),
     * rather than for the database being away, out of resources or shutting down.
     */
    static boolean itemMayBeAtFault(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException || c instanceof java.sql.SQLNonTransientConnectionException) {
                return false;
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("53")
                    || sql.getSQLState().startsWith("57"))) {
                return false;
            }
        }
        return true;
    }

    /** Writes what is queued and stops the writers. */
    public void close() {
        claims.close();
        successes.close();
        deferrals.close();
    }

    /** When a delivery dispatched now may be dispatched again if nothing has claimed it. */
    public Timestamp leaseEnd() {
        return Timestamp.from(Instant.now().plus(lease));
    }

    /**
     * Claims the delivery named by a queue message; null when the message is stale. From here to the
     * end of the exchange the thread's log lines carry the delivery's ids (see {@link DeliveryMdc}).
     */
    public InFlightDelivery claim(@Header(DispatchHeaders.DELIVERY_ID) String deliveryId,
                                  @Header(DispatchHeaders.DISPATCH_SEQ) int seq, Exchange exchange) throws Exception {
        DeliveryMdc.begin(exchange, deliveryId);
        InFlightDelivery claimed = claims.submit(new Claim(deliveryId, seq));
        if (claimed != null) {
            // before decrypting: a secret that cannot be read fails the delivery, and that line needs the ids too
            DeliveryMdc.claimed(claimed);
        }
        if (claimed == null) {
            return null;
        }
        // decrypted here, not in the batch: one unreadable secret fails its own delivery only
        try {
            return claimed.withSecrets(claimed.secrets().stream()
                    .map(secret -> decrypt(claimed.webhookId(), secret)).toList());
        } catch (SecretDecryptionException e) {
            // the route's handler declares it dead with the reason (see DeliveryOutcomes#secretUnreadable)
            exchange.setProperty(WebhookRequest.DELIVERY, claimed);
            throw e;
        }
    }

    /**
     * Decrypts a stored secret, once per (webhook, stored value): AES-GCM at every delivery was 3% of
     * the delivery threads. A rotation stores a new value, so the cache never serves an old secret.
     */
    private String decrypt(String webhookId, String stored) {
        String key = webhookId + ' ' + stored;
        String plain = decrypted.get(key);
        if (plain == null) {
            plain = cipher.decrypt(webhookId, stored);
            if (decrypted.size() >= MAX_DECRYPTED) {
                decrypted.clear();
            }
            decrypted.put(key, plain);
        }
        return plain;
    }

    /** Claims a batch in one statement; one answer per claim (secrets still encrypted), null for a stale one. */
    List<InFlightDelivery> claimAll(List<Claim> batch) throws SQLException {
        // sorted, so concurrent batches lock rows in one order
        List<Claim> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparing(Claim::deliveryId).thenComparingInt(Claim::seq));
        String[] ids = new String[sorted.size()];
        Integer[] seqs = new Integer[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            ids[i] = sorted.get(i).deliveryId();
            seqs[i] = sorted.get(i).seq();
        }
        Map<Claim, InFlightDelivery> claimed = new HashMap<>();
        String holder = instanceId.get();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, holder);
            ps.setDouble(2, lease.toMillis() / 2000.0);
            ps.setDouble(3, lease.toMillis() / 1000.0);
            ps.setArray(4, c.createArrayOf("text", ids));
            ps.setArray(5, c.createArrayOf("int4", seqs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String skipReason = rs.getBoolean("deleted") ? "webhook deleted"
                            : !rs.getBoolean("enabled") ? "webhook disabled" : null;
                    claimed.put(new Claim(rs.getString("id"), rs.getInt("seq")), new InFlightDelivery(
                            rs.getString("id"), rs.getString("webhook_id"), rs.getString("event_id"),
                            rs.getString("event_type"), rs.getString("list_id"), rs.getString("url"),
                            InFlightDelivery.secretsOf(rs.getString("secret"), rs.getString("previous_secret")),
                            rs.getString("format"), rs.getString("payload"), instant(rs, "occurred_at"),
                            rs.getInt("attempt_count"), rs.getInt("schedule_step"), instant(rs, "failing_since"),
                            skipReason, rs.getInt("seq") + 1, holder));
                }
            }
        }
        // the same message twice in one batch: the first gets the attempt, the copy is stale
        List<InFlightDelivery> answers = new ArrayList<>(batch.size());
        for (Claim claim : batch) {
            answers.add(claimed.remove(claim));
        }
        return answers;
    }

    public void skip(InFlightDelivery d) throws SQLException {
        update("UPDATE delivery SET status = 'skipped', next_attempt_at = NULL, completed_at = now(), last_error = ? "
                + "WHERE id = ? AND dispatch_seq = ?", d.skipReason(), d.id(), d.seq());
    }

    /** A delivery that cannot be attempted at all (its secret cannot be read): dead, with the reason. */
    public void deadWithoutAttempt(InFlightDelivery d, String reason) throws SQLException {
        update("UPDATE delivery SET status = 'dead', next_attempt_at = NULL, completed_at = now(), last_error = ?, "
                + "held_by = NULL WHERE id = ? AND dispatch_seq = ?", reason, d.id(), d.seq());
    }

    /** Makes due now the deliveries held by these (dead) instances; answers how many. */
    public int release(List<String> instanceIds) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(RELEASE_HELD)) {
            ps.setArray(1, c.createArrayOf("text", instanceIds.toArray(new String[0])));
            ps.setDouble(2, lease.toMillis() / 1000.0);
            return ps.executeUpdate();
        }
    }

    /** Gives back a claimed delivery this instance may no longer send (see {@link io.hookline.instance.InstanceIdentity}). */
    public void releaseClaim(InFlightDelivery d) throws SQLException {
        update(RELEASE_CLAIM, d.id(), d.seq());
    }

    /** Puts a delivery back on the schedule without an attempt, e.g. while its endpoint cools down. */
    public void defer(String deliveryId, Instant until) throws Exception {
        deferrals.submit(new Deferral(deliveryId, until));
    }

    /** Puts several deliveries back on the schedule, sharing statements with concurrent deferrals. */
    public void defer(List<Deferral> batch) throws Exception {
        if (!batch.isEmpty()) {
            deferrals.submitAll(batch);
        }
    }

    List<Boolean> deferAll(List<Deferral> batch) throws SQLException {
        // sorted, so concurrent statements lock rows in one order
        List<Deferral> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparing(Deferral::deliveryId));
        String[] ids = new String[sorted.size()];
        Timestamp[] until = new Timestamp[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            ids[i] = sorted.get(i).deliveryId();
            until[i] = Timestamp.from(sorted.get(i).until());
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(DEFER_ALL)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("timestamptz", until));
            ps.executeUpdate();
        }
        return Collections.nCopies(batch.size(), Boolean.TRUE);
    }

    public void succeeded(InFlightDelivery d, AttemptResult a) throws Exception {
        successes.submit(new Success(d, a));
    }

    /** Records a batch of successes in one statement, and ends the failure streak of their webhooks. */
    List<Boolean> succeededAll(List<Success> batch) throws SQLException {
        int n = batch.size();
        String[] ids = new String[n];
        Integer[] seqs = new Integer[n];
        Integer[] attempts = new Integer[n];
        Timestamp[] started = new Timestamp[n];
        Integer[] durations = new Integer[n];
        Integer[] codes = new Integer[n];
        String[] excerpts = new String[n];
        Set<String> recovered = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            Success s = batch.get(i);
            ids[i] = s.delivery().id();
            seqs[i] = s.delivery().seq();
            attempts[i] = s.attempt().attempt();
            started[i] = Timestamp.from(s.attempt().startedAt());
            durations[i] = s.attempt().durationMs();
            codes[i] = s.attempt().statusCode();
            excerpts[i] = AttemptResult.excerpt(s.attempt().responseExcerpt());
            if (s.delivery().failingSince() != null) {
                recovered.add(s.delivery().webhookId());
            }
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(SUCCEEDED_ALL)) {
                ps.setArray(1, c.createArrayOf("text", ids));
                ps.setArray(2, c.createArrayOf("int4", seqs));
                ps.setArray(3, c.createArrayOf("int4", attempts));
                ps.setArray(4, c.createArrayOf("timestamptz", started));
                ps.setArray(5, c.createArrayOf("int4", durations));
                ps.setArray(6, c.createArrayOf("int4", codes));
                ps.setArray(7, c.createArrayOf("text", excerpts));
                ps.executeUpdate();
            }
            if (!recovered.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE webhook SET failing_since = NULL WHERE id = ANY (?) AND failing_since IS NOT NULL")) {
                    ps.setArray(1, c.createArrayOf("text", recovered.toArray(new String[0])));
                    ps.executeUpdate();
                }
            }
        }
        return Collections.nCopies(n, Boolean.TRUE);
    }

    /**
     * Records a failed attempt ({@code nextAttemptAt} null: the delivery is dead) and notes that
     * the webhook is failing; returns since when it has been failing without a success.
     */
    public Instant failed(InFlightDelivery d, AttemptResult a, Instant nextAttemptAt) throws SQLException {
        String status = nextAttemptAt == null ? "dead" : "retrying";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(FAILED)) {
            int i = 1;
            ps.setString(i++, status);
            ps.setInt(i++, a.attempt());
            ps.setInt(i++, d.scheduleStep() + 1);
            setInteger(ps, i++, a.statusCode());
            ps.setString(i++, a.error());
            ps.setTimestamp(i++, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
            ps.setString(i++, status);
            ps.setString(i++, d.id());
            ps.setInt(i++, d.seq());
            i = bindAttempt(ps, i, a);
            ps.setString(i, d.webhookId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs, 1) : null;
            }
        }
    }

    /** Records an attempt that is followed by a short in-process retry. */
    public void attemptFailed(InFlightDelivery d, AttemptResult a) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(ATTEMPT_ONLY)) {
            int i = 1;
            ps.setInt(i++, a.attempt());
            setInteger(ps, i++, a.statusCode());
            ps.setString(i++, a.error());
            ps.setString(i++, d.id());
            ps.setInt(i++, d.seq());
            bindAttempt(ps, i, a);
            ps.executeUpdate();
        }
    }

    public void disableWebhook(String webhookId, String reason) throws SQLException {
        update("UPDATE webhook SET enabled = false, disabled_reason = ?, updated_at = now() WHERE id = ? AND enabled",
                reason, webhookId);
    }

    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    /** The attempt's columns but its delivery id, from {@code index}; answers the next index. */
    private static int bindAttempt(PreparedStatement ps, int index, AttemptResult a) throws SQLException {
        ps.setInt(index, a.attempt());
        ps.setTimestamp(index + 1, Timestamp.from(a.startedAt()));
        ps.setInt(index + 2, a.durationMs());
        setInteger(ps, index + 3, a.statusCode());
        ps.setString(index + 4, AttemptResult.excerpt(a.responseExcerpt()));
        ps.setString(index + 5, a.error());
        return index + 6;
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
