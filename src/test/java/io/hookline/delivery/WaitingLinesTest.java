package io.hookline.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingLinesTest {

    private static DeliveryQueue.Item item(String id, String webhookId) {
        return new DeliveryQueue.Item(id, 1, webhookId, null);
    }

    @Test
    void aDeliveryWaitsOnlyWhenTheGateSaysSoAndComesBackInTheOrderItCame() {
        WaitingLines lines = new WaitingLines(10, 100);

        assertThat(lines.waitIf("wh_a", item("d0", "wh_a"), () -> false)).isFalse();
        assertThat(lines.waitIf("wh_a", item("d1", "wh_a"), () -> true)).isTrue();
        assertThat(lines.waitIf("wh_a", item("d2", "wh_a"), () -> true)).isTrue();
        assertThat(lines.waitIf("wh_b", item("d3", "wh_b"), () -> true)).isTrue();

        assertThat(lines.size()).isEqualTo(3);
        assertThat(lines.next("wh_a").deliveryId()).isEqualTo("d1");
        assertThat(lines.next("wh_a").deliveryId()).isEqualTo("d2");
        assertThat(lines.next("wh_a")).isNull();
        assertThat(lines.next("wh_b").deliveryId()).isEqualTo("d3");
        assertThat(lines.size()).isZero();
    }

    @Test
    void aWebhookWhoseLineIsFullAndLinesFullInAllTurnDeliveriesAway() {
        WaitingLines lines = new WaitingLines(2, 3);

        assertThat(lines.waitIf("wh_a", item("a1", "wh_a"), () -> true)).isTrue();
        assertThat(lines.waitIf("wh_a", item("a2", "wh_a"), () -> true)).isTrue();
        assertThat(lines.waitIf("wh_a", item("a3", "wh_a"), () -> true)).as("over the webhook's bound").isFalse();
        assertThat(lines.waitIf("wh_b", item("b1", "wh_b"), () -> true)).isTrue();
        assertThat(lines.waitIf("wh_c", item("c1", "wh_c"), () -> true)).as("over the bound in all").isFalse();
        assertThat(lines.size()).isEqualTo(3);

        lines.next("wh_a");
        assertThat(lines.waitIf("wh_c", item("c1", "wh_c"), () -> true)).isTrue();
    }
}
