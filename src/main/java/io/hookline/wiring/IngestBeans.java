package io.hookline.wiring;

import io.hookline.config.HooklineSettings;
import io.hookline.event.EventParser;
import io.hookline.event.EventRows;
import io.hookline.event.InvalidEvents;
import io.hookline.event.UnreadableMessages;
import io.hookline.event.WebhookPayload;
import io.hookline.ingest.IngestSteps;
import org.apache.camel.Processor;

/** Events in: parsing, quarantine, the rows an accepted event is stored as, the ingest route's steps. */
public record IngestBeans(WebhookPayload webhookPayload) {

    public static IngestBeans wire(HooklineSettings settings, InfrastructureBeans infra, StoreBeans stores,
                                   OperationsBeans ops, DeliveryBeans delivery, Beans beans) {
        WebhookPayload payload = beans.bind("webhookPayload", new WebhookPayload(infra.mapper()));
        EventParser parser = beans.bind("eventParser", new EventParser(infra.mapper(), settings.events().maxBytes()));
        EventRows rows = beans.bind("eventRows", new EventRows(payload));
        beans.bind("invalidEvents", new InvalidEvents());
        beans.bind("unreadableMessages", new UnreadableMessages());
        // the route's steps by what they do (see IngestSteps)
        IngestSteps steps = new IngestSteps(parser, rows, ops.metrics(), stores.deliveries(),
                delivery.dispatcher(), delivery.circuits());
        beans.bind("parseEvent", (Processor) steps::parse);
        beans.bind("eventRow", (Processor) steps::toRow);
        beans.bind("countReceivedEvent", (Processor) steps::countReceived);
        beans.bind("recordEvent", (Processor) steps::record);
        beans.bind("dispatchFanOut", (Processor) steps::dispatch);
        return new IngestBeans(payload);
    }
}
