package io.hookline.wiring;

import io.hookline.config.HooklineSettings;
import io.hookline.store.DeliveryStore;
import io.hookline.store.EventStore;
import io.hookline.store.WebhookStore;

/** Storage: the one store of each table, which every other area and the routes use. */
public record StoreBeans(DeliveryStore deliveries, EventStore events, WebhookStore webhooks) {

    public static StoreBeans wire(HooklineSettings settings, InfrastructureBeans infra, Beans beans) {
        DeliveryStore deliveries = beans.bind("deliveryStore", new DeliveryStore(infra.dataSource(), settings.delivery().lease(),
                infra.instance()::id));
        beans.closeAtStop(deliveries::close);
        EventStore events = beans.bind("eventStore", new EventStore(infra.dataSource()));
        WebhookStore webhooks = beans.bind("webhookStore", new WebhookStore(infra.dataSource(), infra.secretCipher()));
        return new StoreBeans(deliveries, events, webhooks);
    }
}
