package io.hookline.wiring;

import io.hookline.config.HooklineSettings;
import io.hookline.event.EventLedger;
import io.hookline.event.EventParser;
import io.hookline.event.EventRows;
import io.hookline.event.InvalidEvents;
import io.hookline.event.UnreadableMessages;
import io.hookline.event.WebhookPayload;

/** Events in: parsing, quarantine, the event ledger and the delivery rows an event fans out to. */
public record IngestBeans(WebhookPayload webhookPayload) {

    public static IngestBeans wire(HooklineSettings settings, InfrastructureBeans infra, Beans beans) {
        WebhookPayload payload = beans.bind("webhookPayload", new WebhookPayload(infra.mapper()));
        beans.bind("eventParser", new EventParser(infra.mapper(), settings.events().maxBytes()));
        beans.bind("eventLedger", new EventLedger(infra.dataSource(), infra.instance()::id));
        beans.bind("eventRows", new EventRows(payload, settings.delivery().lease()));
        beans.bind("invalidEvents", new InvalidEvents());
        beans.bind("unreadableMessages", new UnreadableMessages());
        return new IngestBeans(payload);
    }
}
