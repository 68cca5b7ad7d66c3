package io.hookline.config;

import java.nio.file.Path;

/** Every {@code hookline.*} setting, bound and checked once at start, by area. */
public record HooklineSettings(
        Path dataDir,
        ApiSettings api,
        BrokerSettings broker,
        DatabaseSettings database,
        SecretsSettings secrets,
        EventSettings events,
        DeliverySettings delivery,
        InstanceSettings instance,
        WebhookSettings webhooks,
        RetentionSettings retention,
        OpsSettings ops) {

    /** Throws {@link InvalidSettingException} naming the first setting that is missing or unreadable. */
    public static HooklineSettings bind(SettingsSource s) {
        return new HooklineSettings(
                Path.of(s.nonBlank("hookline.data-dir")),
                ApiSettings.bind(s),
                BrokerSettings.bind(s),
                DatabaseSettings.bind(s),
                SecretsSettings.bind(s),
                EventSettings.bind(s),
                DeliverySettings.bind(s),
                InstanceSettings.bind(s),
                WebhookSettings.bind(s),
                RetentionSettings.bind(s),
                OpsSettings.bind(s));
    }
}
