package io.hookline.config;

import java.time.Duration;

/** {@code hookline.webhooks.*}: how long a rotated-out secret still signs. */
public record WebhookSettings(Duration secretOverlap) {

    static WebhookSettings bind(SettingsSource s) {
        return new WebhookSettings(s.duration("hookline.webhooks.secret-overlap"));
    }
}
