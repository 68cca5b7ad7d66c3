package io.hookline.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryGateTest {

    private final Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void deferralsRefusedTogetherAreSpreadOverHalfTheWaitAgain() {
        Instant coolDownEnd = now.plusSeconds(30);
        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Instant until = DeliveryGate.spread(coolDownEnd, now);
            assertThat(until).isBetween(coolDownEnd, coolDownEnd.plusSeconds(15));
            seconds.add(until.getEpochSecond());
        }
        // not one instant for the whole burst: it comes back over the whole window
        assertThat(seconds).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void aRetryAtInThePastIsKeptAsItIs() {
        assertThat(DeliveryGate.spread(now.minusSeconds(5), now)).isEqualTo(now.minusSeconds(5));
    }
}
