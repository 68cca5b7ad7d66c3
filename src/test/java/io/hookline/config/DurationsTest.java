package io.hookline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("5d")).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void refusesABareNumberSayingItNeedsAUnit() {
        for (String bare : new String[] {"15", "0", " 300 "}) {
            assertThatThrownBy(() -> Durations.parse(bare))
                    .as(bare)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bare + "'")
                    .hasMessageContaining("has no unit");
        }
    }

    @Test
    void refusesABareNumberInAList() {
        assertThatThrownBy(() -> Durations.parseList("5s,300"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'300' has no unit");
    }

    @Test
    void toleratesSurroundingWhitespace() {
        assertThat(Durations.parse(" 30m ")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void rejectsUnknownUnitNamingTheText() {
        assertThatThrownBy(() -> Durations.parse("5w"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'5w'");
    }

    @Test
    void rejectsNegativeEmptyAndMalformedText() {
        for (String bad : new String[] {"", "-5s", "s", "5 s", "1.5h", "5sec", "ms"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void rejectsOverflowingAmount() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99999999999999999999d");
    }

    @Test
    void parsesTheDefaultRetrySchedule() {
        assertThat(Durations.parseList("5s,5m,30m,2h,5h,10h,10h")).containsExactly(
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    }

    @Test
    void toleratesWhitespaceInLists() {
        assertThat(Durations.parseList(" 500ms , 1s,\t2m ")).containsExactly(
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMinutes(2));
    }

    @Test
    void readsEmptyListAsNoDelays() {
        assertThat(Durations.parseList("")).isEmpty();
        assertThat(Durations.parseList("  ")).isEmpty();
    }

    @Test
    void rejectsListWithEmptyEntryOrBadElement() {
        assertThatThrownBy(() -> Durations.parseList("5s,,5m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5s,,5m");
        assertThatThrownBy(() -> Durations.parseList("5s,5x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'5x'");
    }
}
