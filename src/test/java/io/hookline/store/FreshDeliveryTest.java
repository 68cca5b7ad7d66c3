package io.hookline.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FreshDeliveryTest {

    private static final long CREATED = 1_000_000_000L;

    private static FreshDelivery created(Duration lease) {
        return new FreshDelivery(null, FreshDelivery.claimFreeUntil(CREATED, lease));
    }

    @Test
    void withTheShippedLeaseAFreshDeliveryGoesWithoutAClaimForTwoSecondsSoThatWebhookEditsReachLaterAttempts() {
        FreshDelivery d = created(Duration.ofMinutes(2));

        assertThat(d.claimFree(CREATED)).isTrue();
        assertThat(d.claimFree(CREATED + Duration.ofMillis(1_999).toNanos())).isTrue();
        assertThat(d.claimFree(CREATED + Duration.ofSeconds(2).toNanos())).isFalse();
    }

    @Test
    void withAShortLeaseItGoesWithoutAClaimOnlyWithinTheFirstHalfOfIt() {
        FreshDelivery d = created(Duration.ofSeconds(3));

        assertThat(d.claimFree(CREATED + Duration.ofMillis(1_499).toNanos())).isTrue();
        assertThat(d.claimFree(CREATED + Duration.ofMillis(1_500).toNanos())).isFalse();
    }

    @Test
    void nanoTimeWrappingAroundDoesNotMakeAnOldDeliveryFresh() {
        long nearWrap = Long.MAX_VALUE - Duration.ofSeconds(1).toNanos();
        FreshDelivery d = new FreshDelivery(null, FreshDelivery.claimFreeUntil(nearWrap, Duration.ofMinutes(2)));

        assertThat(d.claimFree(nearWrap + Duration.ofMillis(500).toNanos())).isTrue();
        assertThat(d.claimFree(nearWrap + Duration.ofSeconds(3).toNanos())).isFalse();
    }
}
