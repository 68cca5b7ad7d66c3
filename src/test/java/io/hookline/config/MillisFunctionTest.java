package io.hookline.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MillisFunctionTest {

    private final MillisFunction millis = new MillisFunction(Map.of(
            "hookline.delivery.scheduler-interval", Duration.ofSeconds(1),
            "hookline.delivery.redelivery-delay", Duration.ofMillis(250)));

    @Test
    void givesTheValidatedDurationInMilliseconds() {
        assertThat(millis.apply("hookline.delivery.scheduler-interval")).isEqualTo("1000");
        assertThat(millis.apply(" hookline.delivery.redelivery-delay ")).isEqualTo("250");
    }

    @Test
    void refusesAKeyThatIsNotADurationSettingNamingTheOnesThatAre() {
        assertThatThrownBy(() -> millis.apply("hookline.delivery.scheduler-batch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hookline.delivery.scheduler-batch is not a duration setting")
                .hasMessageContaining("hookline.delivery.redelivery-delay, hookline.delivery.scheduler-interval");
    }
}
