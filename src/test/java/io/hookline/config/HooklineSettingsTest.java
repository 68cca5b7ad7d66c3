package io.hookline.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every hookline.* setting is bound once, from config/application.properties, where its default is written once. */
class HooklineSettingsTest {

    @Test
    void everyHooklineKeyOfApplicationPropertiesIsBoundAndNothingElse() {
        SettingsSource source = ShippedSettings.source(ShippedSettings.file());
        HooklineSettings.bind(source);
        assertThat(source.keysRead()).containsExactlyInAnyOrderElementsOf(ShippedSettings.hooklineKeys());
    }

    @Test
    void noSettingHasADefaultInJavaSoEachMissingKeyStopsTheBindingNamingIt() {
        for (String key : ShippedSettings.hooklineKeys()) {
            Properties without = ShippedSettings.file();
            without.remove(key);
            assertThatThrownBy(() -> HooklineSettings.bind(ShippedSettings.source(without)))
                    .as(key)
                    .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo(key))
                    .hasMessageStartingWith(key + " is not set")
                    .hasMessageContaining("config/application.properties");
        }
    }

    @Test
    void theShippedDefaultsBindToTheValuesTheReadmeDocuments() {
        HooklineSettings s = HooklineSettings.bind(ShippedSettings.source(ShippedSettings.file()));
        assertThat(s.dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.api().httpPort()).isEqualTo(8080);
        assertThat(s.broker().embedded()).isTrue();
        assertThat(s.database().embedded()).isTrue();
        assertThat(s.database().poolSize()).isEqualTo(24);
        assertThat(s.delivery().timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.delivery().redeliveryDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.delivery().schedulerInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.delivery().retrySchedule()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        assertThat(s.delivery().disableAfter()).isEqualTo(Duration.ofDays(5));
        assertThat(s.retention().interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.ops().cliEnabled()).isFalse();
    }

    @Test
    void aBareNumberIsRefusedNamingTheKeyForEveryDurationSetting() {
        SettingsSource shipped = ShippedSettings.source(ShippedSettings.file());
        HooklineSettings.bind(shipped);
        assertThat(shipped.durations().keySet()).contains("hookline.delivery.timeout",
                "hookline.delivery.redelivery-delay", "hookline.delivery.scheduler-interval", "hookline.retention.interval");
        for (String key : shipped.durations().keySet()) {
            assertThatThrownBy(() -> HooklineSettings.bind(ShippedSettings.source(ShippedSettings.with(key, "15"))))
                    .as(key)
                    .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo(key))
                    .hasMessageStartingWith(key + " = '15'")
                    .hasMessageContaining("has no unit");
        }
    }

    @Test
    void aBareNumberInTheRetryScheduleIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> HooklineSettings.bind(ShippedSettings.source(
                ShippedSettings.with("hookline.delivery.retry-schedule", "5s,300"))))
                .hasMessageStartingWith("hookline.delivery.retry-schedule = '5s,300'")
                .hasMessageContaining("'300' has no unit");
    }

    @Test
    void unreadableValuesAreRefusedNamingTheKeyAndTheFix() {
        List<List<String>> cases = List.of(
                List.of("hookline.db.pool-size", "many", "is not a whole number"),
                List.of("hookline.db.pool-size", "0", "is less than 1"),
                List.of("hookline.delivery.allow-private-targets", "yes", "is neither true nor false"),
                List.of("hookline.delivery.retry-jitter", "1.5", "is not in [0.0, 1.0)"),
                List.of("hookline.delivery.timeout", "0s", "must be more than zero"),
                List.of("hookline.db.embedded.port", "70000", "is more than 65535"),
                List.of("hookline.data-dir", " ", "must not be empty"));
        for (List<String> c : cases) {
            assertThatThrownBy(() -> HooklineSettings.bind(ShippedSettings.source(ShippedSettings.with(c.get(0), c.get(1)))))
                    .as(c.toString())
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith(c.get(0))
                    .hasMessageContaining(c.get(2))
                    .hasMessageContaining(InvalidSettingException.environmentName(c.get(0)));
        }
    }

    @Test
    void aCircuitMaxCoolDownBelowTheCoolDownIsRefused() {
        assertThatThrownBy(() -> HooklineSettings.bind(ShippedSettings.source(ShippedSettings.with(
                "hookline.delivery.circuit-cool-down", "1m", "hookline.delivery.circuit-max-cool-down", "30s"))))
                .hasMessageStartingWith("hookline.delivery.circuit-max-cool-down is less than hookline.delivery.circuit-cool-down");
    }

    @Test
    void credentialsAreNotPrintedWithTheSettings() {
        HooklineSettings s = HooklineSettings.bind(ShippedSettings.source(ShippedSettings.with(
                "hookline.db.password", "db-pass-1", "hookline.broker.password", "mq-pass-2",
                "hookline.api.keys", "api-key-3", "hookline.secrets.key", "secret-key-4",
                "hookline.broker.embedded.password", "embedded-pass-5")));
        assertThat(s.toString()).doesNotContain("db-pass-1", "mq-pass-2", "api-key-3", "secret-key-4", "embedded-pass-5");
        assertThat(s.broker().embeddedUsername()).isEqualTo("hookline");
        assertThat(s.broker().embeddedPassword()).isEqualTo("embedded-pass-5");
    }
}
