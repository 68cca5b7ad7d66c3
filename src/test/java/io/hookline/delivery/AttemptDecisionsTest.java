package io.hookline.delivery;

import io.hookline.delivery.AttemptDecision.Dead;
import io.hookline.delivery.AttemptDecision.Disable;
import io.hookline.delivery.AttemptDecision.NotAttempted;
import io.hookline.delivery.AttemptDecision.Reschedule;
import io.hookline.delivery.AttemptDecision.RetryNow;
import io.hookline.delivery.AttemptDecision.Succeeded;
import io.hookline.delivery.AttemptFailure.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision after an attempt, case by case: no Camel, no database. */
class AttemptDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final int RETRIES = 2;
    // no jitter, so every delay is exactly the schedule's
    private final AttemptDecisions decisions = new AttemptDecisions(
            new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30)), 0),
            RETRIES, Duration.ofDays(5));

    private static InFlightDelivery attempted(int scheduleStep, Instant failingSince) {
        InFlightDelivery d = new InFlightDelivery("msg_1", "wh_1", "evt_1", "contact.subscribed", "list_1",
                "https://example.com/hooks", List.of("whsec_x"), "json", "{}", NOW, 0, scheduleStep, failingSince, null, 1, "inst_1");
        d.beginAttempt();
        return d;
    }

    private static AttemptFailure status(int code) {
        return status(code, null);
    }

    private static AttemptFailure status(int code, String retryAfter) {
        return new AttemptFailure(Kind.STATUS, code, "HTTP " + code, "", retryAfter);
    }

    private static final AttemptFailure TIMEOUT = new AttemptFailure(Kind.TIMEOUT, null, "timeout: Read timed out", null, null);
    private static final AttemptFailure REFUSED = new AttemptFailure(Kind.NETWORK, null, "ConnectException: Connection refused", null, null);
    private static final AttemptFailure OWN = new AttemptFailure(Kind.INTERNAL, null, "java.sql.SQLException: gone", null, null);

    private AttemptDecision afterRetries(InFlightDelivery d, AttemptFailure f) {
        return decisions.decide(d, f, RETRIES, NOW);
    }

    @Test
    void a2xxSucceeds() {
        assertThat(decisions.decide(attempted(0, null), null, 0, NOW)).isEqualTo(new Succeeded());
    }

    @Test
    void a410MakesTheDeliveryDeadAndDisablesTheWebhookAtOnceWithoutAnInProcessRetry() {
        AttemptDecision first = decisions.decide(attempted(0, null), status(410), 0, NOW);
        assertThat(first).isEqualTo(new Dead("410 Gone: webhook disabled",
                new Disable("the endpoint answered 410 Gone at " + NOW, null)));
    }

    @Test
    void a429WithRetryAfterIsRescheduledAtTheRequestedTimeWithinTwiceTheScheduledDelay() {
        // step 1: 5 minutes scheduled; the receiver asks for 8
        assertThat(decisions.decide(attempted(1, null), status(429, "480"), 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(8)), null));
    }

    @Test
    void a429WithoutRetryAfterIsRescheduledOnTheScheduleWithoutAnInProcessRetry() {
        assertThat(decisions.decide(attempted(1, null), status(429), 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(5)), null));
    }

    @Test
    void retryAfterIsBoundedAtTwiceTheScheduledDelayAndNeverShortensIt() {
        // upper bound: an hour asked, 2 x 5 minutes given
        assertThat(decisions.decide(attempted(1, null), status(503, "3600"), 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(10)), null));
        // lower bound: 10 seconds asked, the scheduled 5 minutes kept
        assertThat(decisions.decide(attempted(1, null), status(429, "10"), 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(5)), null));
    }

    @Test
    void a503IsNotRetriedInProcessButRescheduledHonouringRetryAfter() {
        assertThat(decisions.decide(attempted(0, null), status(503), 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofSeconds(5)), null));
        assertThat(decisions.decide(attempted(0, null), status(503, "8"), 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofSeconds(8)), null));
    }

    @Test
    void anotherServerErrorIsRetriedInProcessWhileRetriesAreLeftThenRescheduledIgnoringRetryAfter() {
        assertThat(decisions.decide(attempted(0, null), status(500), 0, NOW)).isEqualTo(new RetryNow());
        assertThat(decisions.decide(attempted(0, null), status(502), RETRIES - 1, NOW)).isEqualTo(new RetryNow());
        assertThat(afterRetries(attempted(0, null), status(500, "60")))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofSeconds(5)), null));
    }

    @Test
    void aClientErrorIsRescheduledWithoutAnInProcessRetry() {
        assertThat(decisions.decide(attempted(2, null), status(400), 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(30)), null));
    }

    @Test
    void aTimeoutIsRescheduledWithoutAnInProcessRetry() {
        assertThat(decisions.decide(attempted(0, null), TIMEOUT, 0, NOW))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofSeconds(5)), null));
    }

    @Test
    void aRefusedConnectionIsRetriedInProcessThenRescheduled() {
        assertThat(decisions.decide(attempted(0, null), REFUSED, 0, NOW)).isEqualTo(new RetryNow());
        assertThat(afterRetries(attempted(0, null), REFUSED))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofSeconds(5)), null));
    }

    @Test
    void anExhaustedScheduleMakesTheDeliveryDead() {
        assertThat(afterRetries(attempted(3, null), status(500))).isEqualTo(new Dead("retry schedule exhausted", null));
        assertThat(afterRetries(attempted(3, null), TIMEOUT)).isEqualTo(new Dead("retry schedule exhausted", null));
    }

    @Test
    void aWebhookFailingForLongerThanDisableAfterIsDisabledIfStillFailingSinceThen() {
        Instant since = NOW.minus(Duration.ofDays(5)).minusSeconds(1);
        Disable disable = new Disable("failing without a success since " + since, since);
        assertThat(afterRetries(attempted(1, since), TIMEOUT)).isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(5)), disable));
        assertThat(afterRetries(attempted(3, since), TIMEOUT)).isEqualTo(new Dead("retry schedule exhausted", disable));
    }

    @Test
    void aWebhookFailingForExactlyDisableAfterOrNotFailingBeforeStaysEnabled() {
        assertThat(afterRetries(attempted(1, NOW.minus(Duration.ofDays(5))), TIMEOUT))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(5)), null));
        assertThat(afterRetries(attempted(1, null), TIMEOUT))
                .isEqualTo(new Reschedule(NOW.plus(Duration.ofMinutes(5)), null));
    }

    @Test
    void hooklinesOwnFailureIsRetriedInProcessThenLeftToTheLease() {
        assertThat(decisions.decide(attempted(0, null), OWN, 0, NOW)).isEqualTo(new RetryNow());
        assertThat(afterRetries(attempted(0, null), OWN)).isEqualTo(new NotAttempted());
        assertThat(afterRetries(null, REFUSED)).as("the claim failed").isEqualTo(new NotAttempted());
        InFlightDelivery notStarted = new InFlightDelivery("msg_1", "wh_1", "evt_1", "contact.subscribed", "list_1",
                "https://example.com/hooks", List.of("whsec_x"), "json", "{}", NOW, 0, 0, null, null, 1, "inst_1");
        assertThat(afterRetries(notStarted, status(500))).as("no attempt was made").isEqualTo(new NotAttempted());
    }
}
