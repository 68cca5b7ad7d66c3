package io.hookline.delivery;

import io.hookline.delivery.AttemptConcurrency.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttemptConcurrencyTest {

    private static final Duration SLOW_AFTER = Duration.ofSeconds(2);
    private final AttemptConcurrency rules = new AttemptConcurrency(8, SLOW_AFTER, 4);

    @Test
    void aQuickWebhookGetsItsWholeShare() {
        assertThat(rules.limit(Duration.ofMillis(30))).isEqualTo(8);
        assertThat(rules.limit(SLOW_AFTER)).isEqualTo(8);
        assertThat(rules.decide(Duration.ofMillis(30), 7, 100)).isEqualTo(Decision.ADMIT);
        assertThat(rules.decide(Duration.ofMillis(30), 8, 0)).isEqualTo(Decision.AT_WEBHOOK_LIMIT);
    }

    @Test
    void aWebhookNotMeasuredYetGetsOneAttemptAtATime() {
        assertThat(rules.limit(null)).isEqualTo(1);
        assertThat(rules.decide(null, 0, 100)).isEqualTo(Decision.ADMIT);
        assertThat(rules.decide(null, 1, 0)).isEqualTo(Decision.AT_WEBHOOK_LIMIT);
    }

    @Test
    void aSlowWebhookGetsFewerSlotsTheSlowerItIsDownToOne() {
        assertThat(rules.limit(Duration.ofSeconds(4))).isEqualTo(4);
        assertThat(rules.limit(Duration.ofSeconds(5))).isEqualTo(3);
        assertThat(rules.limit(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(rules.limit(Duration.ofMinutes(5))).isEqualTo(1);
        assertThat(rules.decide(Duration.ofSeconds(10), 1, 0)).isEqualTo(Decision.AT_WEBHOOK_LIMIT);
    }

    @Test
    void slowWebhooksShareOneBudget() {
        assertThat(rules.decide(Duration.ofSeconds(10), 0, 3)).isEqualTo(Decision.ADMIT);
        assertThat(rules.decide(Duration.ofSeconds(10), 0, 4)).isEqualTo(Decision.OVER_SLOW_BUDGET);
        assertThat(rules.decide(Duration.ofSeconds(3), 1, 4)).isEqualTo(Decision.OVER_SLOW_BUDGET);
    }

    @Test
    void theSlowBudgetNeverHoldsBackAQuickOrUnknownWebhook() {
        assertThat(rules.decide(Duration.ofMillis(5), 0, 1000)).isEqualTo(Decision.ADMIT);
        assertThat(rules.decide(null, 0, 1000)).isEqualTo(Decision.ADMIT);
    }

    @Test
    void refusedDeliveriesOfASlowWebhookComeBackAboutWhenASlotFrees() {
        assertThat(rules.spacing(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(rules.spacing(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fixedRulesIgnoreLatency() {
        AttemptConcurrency fixed = AttemptConcurrency.fixed(8);
        assertThat(fixed.limit(null)).isEqualTo(8);
        assertThat(fixed.limit(Duration.ofSeconds(30))).isEqualTo(8);
        assertThat(fixed.decide(Duration.ofSeconds(30), 7, 1000)).isEqualTo(Decision.ADMIT);
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new AttemptConcurrency(0, SLOW_AFTER, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttemptConcurrency(8, Duration.ZERO, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttemptConcurrency(8, SLOW_AFTER, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
