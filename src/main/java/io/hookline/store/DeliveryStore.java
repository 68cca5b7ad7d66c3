package io.hookline.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import static io.hookline.store.DeliveryStatus.DEAD;
import static io.hookline.store.DeliveryStatus.DUE;
import static io.hookline.store.DeliveryStatus.FINISHED;
import static io.hookline.store.DeliveryStatus.PENDING;
import static io.hookline.store.DeliveryStatus.RETRYING;
import static io.hookline.store.DeliveryStatus.SKIPPED;
import static io.hookline.store.DeliveryStatus.SUCCEEDED;

/**
 * Every statement on the {@code delivery} and {@code delivery_attempt} tables: the delivery state
 * machine in PostgreSQL, the source of truth. Each transition is written once here: created
 * (pending, or skipped for a disabled webhook), claimed, deferred, skipped, succeeded, failed
 * (retrying or dead), revived, purged. Claims, successes and deferrals, the writes of every
 * delivery, are grouped across delivery threads; everything else is one round trip per call.
 * Plain JDBC rather than camel-sql: at thousands of deliveries a second, camel-sql's per-call
 * parsing of named parameters was a third of the ingest threads' time.
 *
 * <p>Leases live here: a delivery handed to a dispatcher (created, claimed by the scheduler,
 * retried through the API) is reserved until its lease ends; if its queue message is lost, the
 * retry scheduler sends it again then.
 */
public class DeliveryStore {

    /**
     * When a delivery parked behind an open circuit comes back: the time the circuit gives ({@code
     * p.until}), plus up to half the wait again, drawn per delivery (as {@code DeliveryGate.spread}
     * does for a deferral), so that a backlog parked in one statement does not return in one moment.
     */
    private static final String PARKED_UNTIL = "p.until + (p.until - now()) * (random() / 2)";

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
             WHERE d.id = c.id AND d.dispatch_seq = c.seq AND d.status NOT IN (%s)
               AND w.id = d.webhook_id AND e.id = d.event_id
            RETURNING d.id, c.seq, d.webhook_id, d.event_id, d.event_type, d.attempt_count, d.schedule_step,
                      w.url, w.secret,
                      CASE WHEN w.previous_secret_until > now() THEN w.previous_secret END AS previous_secret,
                      w.format, w.enabled, w.deleted_at IS NOT NULL AS deleted, w.failing_since, w.list_id,
                      e.payload, e.occurred_at
            """.formatted(DeliveryStatus.sql(FINISHED));

    /**
     * An accepted event and its deliveries, in one statement: both are written or neither, so an event
     * that exists has been fanned out (the flag {@code fanned_out} is set with it; a row left unset by
     * an earlier version, which wrote them in three statements, is fanned out again here). A repeated
     * id writes nothing and answers one row whose first column is false.
     *
     * <p>One delivery per webhook of the list that wants this type (and source); a disabled webhook's
     * is recorded as skipped, so it can be recovered once the webhook is enabled. Answers the new
     * deliveries to attempt, with what their first attempt needs (the webhook's URL, secrets and
     * format): they are this instance's, held by it for one lease from now, and attempted without a
     * claim (see {@link FreshDelivery}). Idempotent: a delivery that exists already (the event
     * processed at once by another instance) is not answered again; whoever created it holds it, and
     * the heartbeat or its lease brings it back if that one died.
     *
     * <p>A delivery to a webhook whose circuit is open is written parked: due when the circuit may let
     * an attempt through again (plus up to half the wait, as every deferral), held by no one, and not
     * answered; one write, where handing it over and parking it took two.
     */
    private static final String FAN_OUT = """
            WITH e AS (
                INSERT INTO event (id, type, list_id, occurred_at, payload, fanned_out)
                VALUES (?, ?, ?, ?, ?, true)
                ON CONFLICT (id) DO UPDATE SET fanned_out = true WHERE NOT event.fanned_out
                RETURNING id, type),
            created AS (
                INSERT INTO delivery (id, webhook_id, event_id, event_type, next_attempt_at, held_by, status, completed_at, last_error)
                SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), w.id, e.id, e.type,
                       CASE WHEN NOT w.enabled THEN NULL
                            WHEN p.until IS NOT NULL THEN %3$s
                            ELSE now() + make_interval(secs => ?) END,
                       CASE WHEN w.enabled AND p.until IS NULL THEN CAST(? AS text) END,
                       CASE WHEN w.enabled THEN %1$s ELSE %2$s END,
                       CASE WHEN w.enabled THEN NULL ELSE now() END,
                       CASE WHEN w.enabled THEN NULL ELSE 'webhook disabled' END
                  FROM e, webhook w
                  LEFT JOIN unnest(?::text[], ?::timestamptz[]) AS p(webhook_id, until) ON p.webhook_id = w.id
                 WHERE w.list_id = ? AND w.deleted_at IS NULL
                   AND ? = ANY (w.events)
                   AND (cardinality(w.sources) = 0 OR ? = ANY (w.sources))
                ON CONFLICT (event_id, webhook_id) DO NOTHING
                RETURNING id, dispatch_seq, status, webhook_id, held_by)
            SELECT e.id IS NOT NULL AS fanned_out_now, c.id, c.held_by IS NULL AS parked, c.dispatch_seq, c.webhook_id, w.url, w.secret,
                   CASE WHEN w.previous_secret_until > now() THEN w.previous_secret END AS previous_secret,
                   w.format, w.failing_since, w.list_id
              FROM (VALUES (1)) one
              LEFT JOIN e ON true
              LEFT JOIN (created c JOIN webhook w ON w.id = c.webhook_id) ON c.status <> %2$s
            """.formatted(PENDING.sql(), SKIPPED.sql(), PARKED_UNTIL);

    /** A webhook.test event and its one delivery, in one statement: both exist or neither. */
    private static final String CREATE_TEST = """
            WITH e AS (
                INSERT INTO event (id, type, list_id, occurred_at, payload, fanned_out)
                VALUES (?, ?, ?, ?, ?, true)
                RETURNING id, type)
            INSERT INTO delivery (id, webhook_id, event_id, event_type, next_attempt_at, held_by)
            SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), ?, e.id, e.type, ?, ? FROM e
            RETURNING id, dispatch_seq
            """;

    /**
     * Due deliveries reserved for one lease and held by this instance until claimed (taken over at
     * once if it dies first), for the retry scheduler; SKIP LOCKED lets instances share the work.
     */
    private static final String CLAIM_DUE = """
            WITH due AS (
                SELECT id, webhook_id FROM delivery
                 WHERE status IN (%s) AND next_attempt_at <= now()
                 ORDER BY next_attempt_at
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED)
            UPDATE delivery d
               SET next_attempt_at = CASE WHEN p.until IS NOT NULL THEN %s ELSE CAST(? AS timestamptz) END,
                   held_by = CASE WHEN p.until IS NULL THEN CAST(? AS text) END
              FROM due LEFT JOIN unnest(?::text[], ?::timestamptz[]) AS p(webhook_id, until) ON p.webhook_id = due.webhook_id
             WHERE d.id = due.id
            RETURNING d.id, d.dispatch_seq, d.webhook_id, d.held_by IS NULL AS parked
            """.formatted(DeliveryStatus.sql(DUE), PARKED_UNTIL);

    /**
     * Successes of many deliveries in one statement. The attempt that succeeded lives in the
     * delivery row (the last_* columns, see V9), not in delivery_attempt: one heap row and one index
     * entry fewer per delivery; the attempt log reads it from there (ATTEMPTS). Like every outcome,
     * written only while the delivery's dispatch_seq is still the one its claim set: an instance
     * that was paused past its heartbeat, and whose deliveries were taken over, records nothing.
     *
     * <p>The arrays are read through a subquery the planner keeps whole ({@code OFFSET 0}), so it
     * does not see their lengths: every plan of a batch costs the same, and PostgreSQL keeps its
     * generic plan (a loop over the batch, each row by its key) instead of planning each batch
     * again: for the few rows of a batch under load, planning took more than half as long as the update.
     */
    private static final String SUCCEEDED_ALL = """
            UPDATE delivery d
               SET status = %s, attempt_count = s.attempt, last_status_code = s.status_code,
                   last_error = NULL, next_attempt_at = NULL, completed_at = now(),
                   last_attempt_started_at = s.started_at, last_duration_ms = s.duration_ms,
                   last_response_excerpt = s.excerpt
              FROM (SELECT ?::text[] AS id, ?::int[] AS seq, ?::int[] AS attempt, ?::timestamptz[] AS started_at,
                           ?::int[] AS duration_ms, ?::int[] AS status_code, ?::text[] AS excerpt OFFSET 0) AS batch,
                   unnest(batch.id, batch.seq, batch.attempt, batch.started_at, batch.duration_ms,
                          batch.status_code, batch.excerpt)
                   AS s(id, seq, attempt, started_at, duration_ms, status_code, excerpt)
             WHERE d.id = s.id AND d.dispatch_seq = s.seq
            """.formatted(SUCCEEDED.sql());

    /** One round trip: the delivery's new state, the attempt, and the webhook's failure streak. */
    private static final String FAILED = """
            WITH d AS (
                UPDATE delivery
                   SET status = ?, attempt_count = ?, schedule_step = ?, last_status_code = ?, last_error = ?,
                       next_attempt_at = ?, completed_at = CASE WHEN ? = %s THEN now() END, held_by = NULL
                 WHERE id = ? AND dispatch_seq = ?
                RETURNING id),
            attempt AS (
                INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error)
                SELECT id, ?, ?, ?, ?, ?, ? FROM d),
            streak AS (
                UPDATE webhook SET failing_since = COALESCE(failing_since, now())
                 WHERE id = ? AND EXISTS (SELECT 1 FROM d) RETURNING failing_since)
            SELECT (SELECT failing_since FROM streak)
            """.formatted(DEAD.sql());

    private static final String ATTEMPT_ONLY = """
            WITH d AS (
                UPDATE delivery SET attempt_count = ?, last_status_code = ?, last_error = ?
                 WHERE id = ? AND dispatch_seq = ?
                RETURNING id)
            INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error)
            SELECT id, ?, ?, ?, ?, ?, ? FROM d
            """;

    private static final String SKIP = "UPDATE delivery SET status = " + SKIPPED.sql()
            + ", next_attempt_at = NULL, completed_at = now(), last_error = ? WHERE id = ? AND dispatch_seq = ?";

    /** A delivery that cannot be attempted at all (its secret cannot be read): dead, with the reason. */
    private static final String DEAD_WITHOUT_ATTEMPT = "UPDATE delivery SET status = " + DEAD.sql()
            + ", next_attempt_at = NULL, completed_at = now(), last_error = ?, held_by = NULL WHERE id = ? AND dispatch_seq = ?";

    private static final String DEFER_ALL = """
            UPDATE delivery d SET next_attempt_at = u.until, held_by = NULL
              FROM unnest(?::text[], ?::timestamptz[]) AS u(id, until)
             WHERE d.id = u.id AND d.status NOT IN (%s)
            """.formatted(DeliveryStatus.sql(FINISHED));

    /**
     * The deliveries held by instances declared dead, due now: dispatched by them (their message may
     * have died with them) or claimed (their attempt may never end). Only leased ones can be held, so
     * the scan of the due index stops at one lease from now.
     */
    private static final String RELEASE_HELD = """
            UPDATE delivery SET next_attempt_at = now(), held_by = NULL
             WHERE status IN (%s) AND held_by = ANY (?)
               AND next_attempt_at > now() AND next_attempt_at <= now() + make_interval(secs => ?)
            """.formatted(DeliveryStatus.sql(DUE));

    /** A claimed delivery this instance may no longer send, due now unless another instance has claimed it since. */
    private static final String RELEASE_CLAIM = """
            UPDATE delivery SET next_attempt_at = now(), held_by = NULL
             WHERE id = ? AND dispatch_seq = ? AND status NOT IN (%s)
            """.formatted(DeliveryStatus.sql(FINISHED));

    /**
     * The one way back into line, for a delivery in any state, and only while its webhook is
     * enabled: a pending one stays pending, anything else retries; a dead, skipped or succeeded one
     * starts the schedule afresh. The delivery keeps its id (the receiver's idempotency key) and
     * its attempts: a success held in the row (V9) moves into delivery_attempt, so that the row's
     * columns are free for the next outcome. Due at the time given (null: now), held by the instance
     * given (one that dispatches it at once) or by none. Which deliveries: the condition on d (and
     * its parameters) that completes it, the REVIVE_* below; the parameters of the time and the
     * holder follow those of the condition. Answers the revived deliveries' rows to dispatch.
     */
    private static String revive(String which) {
        return """
                WITH r AS (
                    SELECT d.id, d.attempt_count, d.last_attempt_started_at, d.last_duration_ms,
                           d.last_status_code, d.last_response_excerpt
                      FROM delivery d JOIN webhook w ON w.id = d.webhook_id
                     WHERE w.enabled AND w.deleted_at IS NULL AND %4$s
                       FOR UPDATE OF d),
                revived AS (
                    UPDATE delivery d
                       SET status = CASE WHEN d.status = %1$s THEN %1$s ELSE %2$s END,
                           schedule_step = CASE WHEN d.status IN (%3$s) THEN d.schedule_step ELSE 0 END,
                           next_attempt_at = COALESCE(?::timestamptz, now()), completed_at = NULL, held_by = ?,
                           last_attempt_started_at = NULL, last_duration_ms = NULL, last_response_excerpt = NULL
                      FROM r
                     WHERE d.id = r.id
                    RETURNING d.id, d.dispatch_seq, d.webhook_id),
                moved AS (
                    INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error)
                    SELECT r.id, r.attempt_count, r.last_attempt_started_at, r.last_duration_ms, r.last_status_code,
                           r.last_response_excerpt, NULL
                      FROM r JOIN revived USING (id)
                     WHERE r.last_attempt_started_at IS NOT NULL)
                SELECT id, dispatch_seq, webhook_id FROM revived
                """.formatted(PENDING.sql(), RETRYING.sql(), DeliveryStatus.sql(DUE), which);
    }

    private static final String REVIVE_ONE = revive("d.id = ?");
    /**
     * Besides the dead and skipped ones, every delivery waiting for the endpoint: a retry on its
     * schedule, or one parked while the circuit was open (pending, never attempted). One held by an
     * instance (queued or in flight) is left alone: it is being sent already.
     */
    private static final String REVIVE_FAILED_SINCE = revive("d.webhook_id = ? AND d.created_at >= ?"
            + " AND (d.status IN (" + DeliveryStatus.sql(Set.of(DEAD, SKIPPED)) + ")"
            + " OR (d.status IN (" + DeliveryStatus.sql(DUE) + ") AND d.held_by IS NULL AND d.next_attempt_at > now()))");
    private static final String REVIVE_DEAD = revive("d.webhook_id = ? AND d.status = " + DEAD.sql());

    private static final String WEBHOOK_OF = """
            SELECT w.id, w.deleted_at IS NOT NULL AS deleted FROM delivery d JOIN webhook w ON w.id = d.webhook_id
             WHERE d.id = ?
            """;

    /**
     * A delivery's attempt log, in order: its delivery_attempt rows, then the success its row holds
     * (V9; none for a delivery that succeeded before, whose success is among the rows). One
     * statement, so a revive moving the success from the row into delivery_attempt is seen before
     * or after, never half.
     */
    private static final String ATTEMPTS = """
            SELECT attempt, started_at, duration_ms, status_code, response_excerpt, error
              FROM delivery_attempt WHERE delivery_id = ?
            UNION ALL
            SELECT attempt_count, last_attempt_started_at, last_duration_ms, last_status_code, last_response_excerpt, NULL
              FROM delivery WHERE id = ? AND last_attempt_started_at IS NOT NULL
            ORDER BY attempt
            """;

    private static final String VIEW_COLUMNS = "id, webhook_id, event_id, event_type, status, attempt_count, "
            + "next_attempt_at, last_status_code, last_error, created_at, completed_at";

    /**
     * Every hour of the window gets a row, also an empty one (generate_series), so a chart needs no
     * gap filling. Deliveries are counted in the hour they were created; the range condition on
     * created_at keeps it an index scan of delivery_by_webhook.
     */
    private static final String HOURLY = """
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
                   coalesce(sum(c.n) FILTER (WHERE c.status = %s), 0) AS succeeded,
                   coalesce(sum(c.n) FILTER (WHERE c.status = %s), 0) AS retrying,
                   coalesce(sum(c.n) FILTER (WHERE c.status = %s), 0) AS dead,
                   coalesce(sum(c.n) FILTER (WHERE c.status = %s), 0) AS pending,
                   coalesce(sum(c.n) FILTER (WHERE c.status = %s), 0) AS skipped
              FROM hours h LEFT JOIN counts c ON c.hour = h.hour
             GROUP BY h.hour
             ORDER BY h.hour
            """.formatted(SUCCEEDED.sql(), RETRYING.sql(), DEAD.sql(), PENDING.sql(), SKIPPED.sql());

    private static final String COUNT = """
            SELECT (SELECT count(*) FROM delivery WHERE status = %s) AS pending,
                   (SELECT count(*) FROM delivery WHERE status = %s) AS retrying,
                   (SELECT count(*) FROM delivery WHERE status = %s) AS dead,
                   count(*) FILTER (WHERE enabled) AS enabled,
                   count(*) FILTER (WHERE NOT enabled) AS disabled
              FROM webhook WHERE deleted_at IS NULL
            """.formatted(PENDING.sql(), RETRYING.sql(), DEAD.sql());

    /**
     * Succeeded deliveries (and their attempts) completed before a time, a batch at a time, in no
     * particular order: the completion index is a BRIN (V11), which finds the ranges of pages to read
     * but does not sort them, and a batch need not wait for every expired row to be sorted.
     */
    private static final String PURGE_SUCCEEDED = """
            WITH gone AS (DELETE FROM delivery WHERE id IN (
                SELECT id FROM delivery
                 WHERE status = %s AND completed_at < ?
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED) RETURNING id),
            attempts AS (DELETE FROM delivery_attempt a USING gone WHERE a.delivery_id = gone.id)
            SELECT count(*) FROM gone
            """.formatted(SUCCEEDED.sql());

    /** Finished deliveries (and their attempts) of deleted webhooks, a batch at a time. */
    private static final String PURGE_OF_DELETED_WEBHOOKS = """
            WITH gone AS (DELETE FROM delivery WHERE id IN (
                SELECT d.id FROM delivery d JOIN webhook w ON w.id = d.webhook_id
                 WHERE w.deleted_at IS NOT NULL AND d.status IN (%s)
                 LIMIT ?
                   FOR UPDATE OF d SKIP LOCKED) RETURNING id),
            attempts AS (DELETE FROM delivery_attempt a USING gone WHERE a.delivery_id = gone.id)
            SELECT count(*) FROM gone
            """.formatted(DeliveryStatus.sql(FINISHED));

    /** A delivery sent back to the schedule without an attempt. */
    public record Deferral(String deliveryId, Instant until) {
    }

    /** A success to record; {@code webhookWasFailing}: its webhook's failure streak ends with it. */
    public record Success(String deliveryId, int seq, String webhookId, boolean webhookWasFailing, AttemptResult attempt) {
    }

    /** Deliveries by status and webhooks by state, for JMX and metrics. */
    public record Counts(long pending, long retrying, long dead, long webhooksEnabled, long webhooksDisabled) {
    }

    /** The webhook of a delivery, and whether it was deleted. */
    public record WebhookOfDelivery(String webhookId, boolean deleted) {
    }

    /** A queue message's claim on a delivery. */
    record Claim(String deliveryId, int seq) {
    }

    private final DataSource dataSource;
    private final Duration lease;
    private final Supplier<String> instanceId;
    // claims and successes of concurrent deliveries share round trips and commits
    private final GroupCommit<Claim, ClaimedDelivery> claims;
    private final GroupCommit<Success, Boolean> successes;
    // a dead endpoint's deliveries are refused at the rate they arrive: one round trip for many
    private final GroupCommit<Deferral, Boolean> deferrals;

    /** {@code instanceId}: this instance's current identity, recorded on the deliveries it holds. */
    public DeliveryStore(DataSource dataSource, Duration lease, Supplier<String> instanceId) {
        this.dataSource = dataSource;
        this.lease = lease;
        this.instanceId = instanceId;
        this.claims = new GroupCommit<>("ledger-claims", 2, 64, this::claimAll, DeliveryStore::itemMayBeAtFault);
        this.successes = new GroupCommit<>("ledger-successes", 2, 64, this::succeededAll, DeliveryStore::itemMayBeAtFault);
        this.deferrals = new GroupCommit<>("ledger-deferrals", 1, 256, this::deferAll, DeliveryStore::itemMayBeAtFault);
    }

    /**
     * Whether a failed batch may have failed for one of its rows (worth writing them one by one),
     * rather than for the database being away, out of resources or shutting down.
     */
    static boolean itemMayBeAtFault(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException) {
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
    private Timestamp leaseEnd() {
        return Timestamp.from(Instant.now().plus(lease));
    }

    // ---- created

    /**
     * Records an event (a row of {@code EventRows}: id, type, listId, source, occurredAt, payload)
     * and creates its deliveries (see {@link #FAN_OUT}); answers the new ones to attempt, each held by
     * this instance until one lease from now, or that the event was fanned out before.
     */
    public FanOut recordAndFanOut(Map<String, Object> event) throws SQLException {
        return recordAndFanOut(event, Map.of());
    }

    /**
     * As {@link #recordAndFanOut(Map)}, with the deliveries of the webhooks in {@code parkUntil}
     * (their circuits open) written parked until then instead of answered.
     */
    public FanOut recordAndFanOut(Map<String, Object> event, Map<String, Instant> parkUntil) throws SQLException {
        List<FreshDelivery> fresh = new ArrayList<>();
        String holder = instanceId.get();
        long createdNanos = System.nanoTime();
        boolean fannedOutNow = false;
        int parked = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(FAN_OUT)) {
            Timestamp occurredAt = (Timestamp) event.get("occurredAt");
            ps.setString(1, (String) event.get("id"));
            ps.setString(2, (String) event.get("type"));
            ps.setString(3, (String) event.get("listId"));
            ps.setTimestamp(4, occurredAt);
            ps.setString(5, (String) event.get("payload"));
            ps.setDouble(6, lease.toMillis() / 1000.0); // the lease from PostgreSQL's clock, as the claim's
            ps.setString(7, holder);
            bindParking(c, ps, 8, parkUntil);
            ps.setString(10, (String) event.get("listId"));
            ps.setString(11, (String) event.get("type"));
            ps.setString(12, (String) event.get("source"));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fannedOutNow = rs.getBoolean("fanned_out_now");
                    if (rs.getString("id") == null) {
                        continue; // the one row of a repeated event, or of one no webhook wants
                    }
                    if (rs.getBoolean("parked")) {
                        parked++;
                        continue;
                    }
                    List<String> secrets = new ArrayList<>(2);
                    secrets.add(rs.getString("secret"));
                    if (rs.getString("previous_secret") != null) {
                        secrets.add(rs.getString("previous_secret"));
                    }
                    fresh.add(new FreshDelivery(new ClaimedDelivery(rs.getString("id"), rs.getString("webhook_id"),
                            (String) event.get("id"), (String) event.get("type"), rs.getString("list_id"),
                            rs.getString("url"), List.copyOf(secrets), rs.getString("format"),
                            (String) event.get("payload"), occurredAt == null ? null : occurredAt.toInstant(),
                            0, 0, instant(rs, "failing_since"), null, rs.getInt("dispatch_seq"), holder),
                            FreshDelivery.claimFreeUntil(createdNanos, lease)));
                }
            }
        }
        return fannedOutNow ? new FanOut(false, fresh, parked) : FanOut.REPEATED;
    }

    /** A test event of one webhook and its delivery, reserved for one lease; answers the row to dispatch. */
    public Map<String, Object> createTestDelivery(String webhookId, String listId, String eventId, String eventType,
                                                  Instant occurredAt, String payload) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(CREATE_TEST)) {
            ps.setString(1, eventId);
            ps.setString(2, eventType);
            ps.setString(3, listId);
            ps.setTimestamp(4, Timestamp.from(occurredAt));
            ps.setString(5, payload);
            ps.setString(6, webhookId);
            ps.setTimestamp(7, leaseEnd());
            ps.setString(8, instanceId.get());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return sendRow(rs);
            }
        }
    }

    // ---- claimed

    /** Claims the delivery named by a queue message; null when the message is stale. */
    public ClaimedDelivery claim(String deliveryId, int seq) throws Exception {
        return claims.submit(new Claim(deliveryId, seq));
    }

    /** Claims a batch in one statement; one answer per claim, null for a stale one. */
    List<ClaimedDelivery> claimAll(List<Claim> batch) throws SQLException {
        // sorted, so concurrent batches lock rows in one order
        List<Claim> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparing(Claim::deliveryId).thenComparingInt(Claim::seq));
        String[] ids = new String[sorted.size()];
        Integer[] seqs = new Integer[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            ids[i] = sorted.get(i).deliveryId();
            seqs[i] = sorted.get(i).seq();
        }
        Map<Claim, ClaimedDelivery> claimed = new HashMap<>();
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
                    List<String> secrets = new ArrayList<>(2);
                    secrets.add(rs.getString("secret"));
                    if (rs.getString("previous_secret") != null) {
                        secrets.add(rs.getString("previous_secret"));
                    }
                    claimed.put(new Claim(rs.getString("id"), rs.getInt("seq")), new ClaimedDelivery(
                            rs.getString("id"), rs.getString("webhook_id"), rs.getString("event_id"),
                            rs.getString("event_type"), rs.getString("list_id"), rs.getString("url"),
                            List.copyOf(secrets), rs.getString("format"), rs.getString("payload"),
                            instant(rs, "occurred_at"), rs.getInt("attempt_count"), rs.getInt("schedule_step"),
                            instant(rs, "failing_since"), skipReason, rs.getInt("seq") + 1, holder));
                }
            }
        }
        // the same message twice in one batch: the first gets the attempt, the copy is stale
        List<ClaimedDelivery> answers = new ArrayList<>(batch.size());
        for (Claim claim : batch) {
            answers.add(claimed.remove(claim));
        }
        return answers;
    }

    /** The due deliveries of a batch: those reserved for this instance, as rows to dispatch, and how many were parked again. */
    public record Due(List<Map<String, Object>> toDispatch, int parked) {
    }

    /**
     * Due deliveries (retries, and any whose hand-off was lost), up to {@code batch}, reserved for
     * one lease; those of the webhooks in {@code parkUntil} (their circuits open) are parked again
     * until then, plus up to half the wait, in the same statement: one write each, where reserving
     * them and then parking them took two.
     */
    public Due claimDue(int batch, Map<String, Instant> parkUntil) throws SQLException {
        List<Map<String, Object>> due = new ArrayList<>();
        int parked = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(CLAIM_DUE)) {
            ps.setInt(1, batch);
            ps.setTimestamp(2, leaseEnd());
            ps.setString(3, instanceId.get());
            bindParking(c, ps, 4, parkUntil);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean("parked")) {
                        parked++;
                    } else {
                        due.add(dispatchRow(rs));
                    }
                }
            }
        }
        return new Due(due, parked);
    }

    // ---- deferred, skipped

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

    /** A delivery of a disabled or deleted webhook: finished without an attempt, with the reason. */
    public void skip(String deliveryId, int seq, String reason) throws SQLException {
        update(SKIP, reason, deliveryId, seq);
    }

    /** A delivery that cannot be attempted at all (its secret cannot be read): dead, with the reason. */
    public void deadWithoutAttempt(String deliveryId, int seq, String reason) throws SQLException {
        update(DEAD_WITHOUT_ATTEMPT, reason, deliveryId, seq);
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
    public void releaseClaim(String deliveryId, int seq) throws SQLException {
        update(RELEASE_CLAIM, deliveryId, seq);
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

    // ---- attempted

    public void succeeded(Success success) throws Exception {
        successes.submit(success);
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
            ids[i] = s.deliveryId();
            seqs[i] = s.seq();
            attempts[i] = s.attempt().attempt();
            started[i] = Timestamp.from(s.attempt().startedAt());
            durations[i] = s.attempt().durationMs();
            codes[i] = s.attempt().statusCode();
            excerpts[i] = AttemptResult.excerpt(s.attempt().responseExcerpt());
            if (s.webhookWasFailing()) {
                recovered.add(s.webhookId());
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
     * Records a failed attempt: the delivery retries at {@code nextAttemptAt}, or is dead when it
     * is null, and its webhook is noted as failing (since now, unless it already was).
     */
    public void failed(String deliveryId, int seq, String webhookId, int scheduleStep, AttemptResult a,
                       Instant nextAttemptAt) throws SQLException {
        String status = (nextAttemptAt == null ? DEAD : RETRYING).wireName();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(FAILED)) {
            int i = 1;
            ps.setString(i++, status);
            ps.setInt(i++, a.attempt());
            ps.setInt(i++, scheduleStep + 1);
            setInteger(ps, i++, a.statusCode());
            ps.setString(i++, a.error());
            ps.setTimestamp(i++, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
            ps.setString(i++, status);
            ps.setString(i++, deliveryId);
            ps.setInt(i++, seq);
            i = bindAttempt(ps, i, a);
            ps.setString(i, webhookId);
            ps.executeQuery().close();
        }
    }

    /** Records an attempt that is followed by a short in-process retry. */
    public void attemptFailed(String deliveryId, int seq, AttemptResult a) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(ATTEMPT_ONLY)) {
            int i = 1;
            ps.setInt(i++, a.attempt());
            setInteger(ps, i++, a.statusCode());
            ps.setString(i++, a.error());
            ps.setString(i++, deliveryId);
            ps.setInt(i++, seq);
            bindAttempt(ps, i, a);
            ps.executeUpdate();
        }
    }

    // ---- revived

    /**
     * Revives one delivery, reserved for one lease and held by this instance, which dispatches it at
     * once; its row to dispatch, or empty when it or its webhook does not allow it.
     */
    public Optional<Map<String, Object>> reviveOne(String deliveryId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(REVIVE_ONE)) {
            ps.setString(1, deliveryId);
            ps.setTimestamp(2, leaseEnd());
            ps.setString(3, instanceId.get());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(dispatchRow(rs)) : Optional.empty();
            }
        }
    }

    /** Revives every waiting (not held), dead or skipped delivery of a webhook created since a time, due now; how many. */
    public int reviveFailedSince(String webhookId, Instant since) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(REVIVE_FAILED_SINCE)) {
            ps.setString(1, webhookId);
            ps.setTimestamp(2, Timestamp.from(since));
            ps.setNull(3, Types.TIMESTAMP);
            ps.setNull(4, Types.VARCHAR);
            return rows(ps);
        }
    }

    /** Revives every dead delivery of a webhook, due now; how many. */
    public int reviveDead(String webhookId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(REVIVE_DEAD)) {
            ps.setString(1, webhookId);
            ps.setNull(2, Types.TIMESTAMP);
            ps.setNull(3, Types.VARCHAR);
            return rows(ps);
        }
    }

    /** The webhook a delivery belongs to; empty for an unknown delivery. */
    public Optional<WebhookOfDelivery> webhookOf(String deliveryId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(WEBHOOK_OF)) {
            ps.setString(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new WebhookOfDelivery(rs.getString("id"), rs.getBoolean("deleted")))
                        : Optional.empty();
            }
        }
    }

    // ---- purged

    /** Purges up to {@code batch} deliveries that succeeded before {@code cutoff}, with their attempts; how many. */
    public int purgeSucceeded(Instant cutoff, int batch) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(PURGE_SUCCEEDED)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setInt(2, batch);
            return count(ps);
        }
    }

    /** Purges up to {@code batch} finished deliveries of deleted webhooks, with their attempts; how many. */
    public int purgeOfDeletedWebhooks(int batch) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(PURGE_OF_DELETED_WEBHOOKS)) {
            ps.setInt(1, batch);
            return count(ps);
        }
    }

    // ---- read

    /** A webhook's deliveries, newest first, optionally of one status. */
    public Page<DeliveryView> deliveries(String webhookId, DeliveryQuery query) throws SQLException {
        DeliveryStatus status = query.status();
        PageRequest page = query.page();
        Cursor before = page.after();
        String sql = "SELECT " + VIEW_COLUMNS + " FROM delivery WHERE webhook_id = ?"
                + (status == null ? "" : " AND status = ?")
                + (before == null ? "" : " AND (created_at, id) < (?, ?)")
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, webhookId);
            if (status != null) {
                ps.setString(i++, status.wireName());
            }
            if (before != null) {
                ps.setTimestamp(i++, Timestamp.from(before.at()));
                ps.setString(i++, before.id());
            }
            ps.setInt(i, page.limit() + 1);
            List<DeliveryView> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(view(rs, null));
                }
            }
            return Page.of(items, page.limit(), d -> new Cursor(d.createdAt(), d.id()));
        }
    }

    /** One delivery with every attempt. */
    public DeliveryView delivery(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<DeliveryView.Attempt> attempts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(ATTEMPTS)) {
                ps.setString(1, id);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attempts.add(new DeliveryView.Attempt(rs.getInt(1), instant(rs, "started_at"), rs.getInt(3),
                                integer(rs, "status_code"), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VIEW_COLUMNS + " FROM delivery WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("delivery", id);
                    }
                    return view(rs, attempts);
                }
            }
        }
    }

    /** A webhook's deliveries of the last {@code hours} hours counted per UTC hour by their status now, oldest first. */
    public HourlyDeliveries hourly(String webhookId, int hours) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(HOURLY)) {
            ps.setInt(1, hours);
            ps.setString(2, webhookId);
            List<HourlyDeliveries.Bucket> buckets = new ArrayList<>(hours);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    buckets.add(new HourlyDeliveries.Bucket(rs.getTimestamp("hour").toInstant(),
                            rs.getLong("succeeded"), rs.getLong("retrying"), rs.getLong("dead"),
                            rs.getLong("pending"), rs.getLong("skipped")));
                }
            }
            return new HourlyDeliveries(webhookId, hours, buckets);
        }
    }

    /** Deliveries by status and webhooks by state; bounded to five seconds, for a scrape must not hang. */
    public Counts counts() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setQueryTimeout(5);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong("pending"), rs.getLong("retrying"), rs.getLong("dead"),
                        rs.getLong("enabled"), rs.getLong("disabled"));
            }
        }
    }

    // ---- helpers

    /** Binds where deliveries are parked, webhook by webhook, as two arrays: ids at {@code index}, times at the next. */
    private static void bindParking(Connection c, PreparedStatement ps, int index, Map<String, Instant> parkUntil)
            throws SQLException {
        String[] ids = new String[parkUntil.size()];
        Timestamp[] times = new Timestamp[parkUntil.size()];
        int n = 0;
        for (Map.Entry<String, Instant> p : parkUntil.entrySet()) {
            ids[n] = p.getKey();
            times[n++] = Timestamp.from(p.getValue());
        }
        ps.setArray(index, c.createArrayOf("text", ids));
        ps.setArray(index + 1, c.createArrayOf("timestamptz", times));
    }

    /** A row for the dispatcher: parked instead of sent while the webhook's circuit is open. */
    private static Map<String, Object> dispatchRow(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getString("id"));
        row.put("dispatch_seq", rs.getInt("dispatch_seq"));
        row.put("webhook_id", rs.getString("webhook_id"));
        return row;
    }

    /** A row the dispatcher sends whatever the webhook's circuit says: without webhook_id it is never parked. */
    private static Map<String, Object> sendRow(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getString("id"));
        row.put("dispatch_seq", rs.getInt("dispatch_seq"));
        return row;
    }

    private static int rows(PreparedStatement ps) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    private static int count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static DeliveryView view(ResultSet rs, List<DeliveryView.Attempt> attempts) throws SQLException {
        return new DeliveryView(rs.getString("id"), rs.getString("webhook_id"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("status"), rs.getInt("attempt_count"),
                instant(rs, "next_attempt_at"), integer(rs, "last_status_code"), rs.getString("last_error"),
                instant(rs, "created_at"), instant(rs, "completed_at"), attempts);
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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
