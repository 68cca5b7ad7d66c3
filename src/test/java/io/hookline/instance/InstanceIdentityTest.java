package io.hookline.instance;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceIdentityTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration DEAD_AFTER = Duration.ofSeconds(5);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final InstanceIdentity identity = new InstanceIdentity("inst_a",
            InstanceHeartbeat.trustNanos(HEARTBEAT, DEAD_AFTER), now::get);

    @Test
    void holdsNothingBeforeItsFirstHeartbeat() {
        assertThat(identity.holds("inst_a")).isFalse();
    }

    @Test
    void holdsWhatItClaimedWhileItsLastHeartbeatIsRecent() {
        identity.beaten(now.get());
        now.addAndGet(Duration.ofMillis(3_900).toNanos());
        assertThat(identity.holds("inst_a")).isTrue();
        assertThat(identity.holds("inst_b")).as("another instance's claim").isFalse();
    }

    @Test
    void holdsNothingOnceItsLastHeartbeatIsOldEnoughForOthersToDeclareItDeadSoon() {
        identity.beaten(now.get());
        // a heartbeat's margin below dead-after: a pause past this may already have cost it its deliveries
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(identity.holds("inst_a")).isFalse();
        identity.beaten(now.get());
        assertThat(identity.holds("inst_a")).as("beating again").isTrue();
    }

    @Test
    void whatItClaimedUnderAnIdentityDeclaredDeadIsNoLongerItsOwn() {
        identity.beaten(now.get());
        identity.renamed("inst_a2", now.get());
        assertThat(identity.holds("inst_a")).isFalse();
        assertThat(identity.holds("inst_a2")).isTrue();
        assertThat(identity.id()).isEqualTo("inst_a2");
    }

    @Test
    void newIdentitiesDiffer() {
        assertThat(InstanceIdentity.newId()).startsWith("inst_").isNotEqualTo(InstanceIdentity.newId());
    }
}
