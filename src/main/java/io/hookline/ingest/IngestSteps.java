package io.hookline.ingest;

import io.hookline.RouteProperties;
import io.hookline.delivery.CircuitBreakers;
import io.hookline.delivery.DeliveryDispatcher;
import io.hookline.event.ContactEvent;
import io.hookline.event.EventParser;
import io.hookline.event.EventRows;
import io.hookline.ops.HooklineMetrics;
import io.hookline.store.DeliveryStore;
import io.hookline.store.FanOut;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Map;

/**
 * The steps of the ingest route that call a bean, each bound as a Processor: it takes what it needs
 * from the exchange and puts its answer where the route reads it, so an event pays no bean binding
 * (method selection, parameter expressions, result conversion) at every step. What each does is
 * decided by the bean it calls; here is only where its input and answer live on the exchange.
 */
public final class IngestSteps {

    /** Header: true when the event's id was already fanned out (a repeated event). */
    public static final String ALREADY_FANNED_OUT = "alreadyFannedOut";
    /** Header: the event's new deliveries, to hand to the delivery route. */
    public static final String DELIVERIES = "deliveries";

    private final EventParser parser;
    private final EventRows rows;
    private final HooklineMetrics metrics;
    private final DeliveryStore deliveries;
    private final DeliveryDispatcher dispatcher;
    private final CircuitBreakers breakers;

    public IngestSteps(EventParser parser, EventRows rows, HooklineMetrics metrics, DeliveryStore deliveries,
                       DeliveryDispatcher dispatcher, CircuitBreakers breakers) {
        this.parser = parser;
        this.rows = rows;
        this.metrics = metrics;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.breakers = breakers;
    }

    /** The body (JSON text or bytes) becomes the {@link ContactEvent}, or an InvalidEventException says why not. */
    public void parse(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setBody(parser.parse(message.getBody()));
    }

    /** The event becomes the row the stores take (see {@link EventRows}); its id goes in property {@code eventId}. */
    public void toRow(Exchange exchange) {
        Message message = exchange.getMessage();
        ContactEvent event = message.getBody(ContactEvent.class);
        message.setBody(rows.toRow(event));
        exchange.setProperty(RouteProperties.EVENT_ID, event.id());
    }

    public void countReceived(Exchange exchange) {
        metrics.eventReceived((String) row(exchange).get("type"));
    }

    /**
     * The event and its deliveries written in one statement (see {@link DeliveryStore#recordAndFanOut}),
     * those of webhooks whose circuit is open written parked.
     */
    public void record(Exchange exchange) throws Exception {
        FanOut fanOut = deliveries.recordAndFanOut(row(exchange), breakers.refusingNow());
        if (fanOut.parked() > 0) {
            metrics.parked("fanout", fanOut.parked());
        }
        exchange.getMessage().setHeader(ALREADY_FANNED_OUT, fanOut.repeated());
        exchange.getMessage().setHeader(DELIVERIES, fanOut.deliveries());
    }

    public void dispatch(Exchange exchange) throws Exception {
        dispatcher.dispatch(exchange.getMessage().getHeader(DELIVERIES), "fanout");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(Exchange exchange) {
        return (Map<String, Object>) exchange.getMessage().getBody(Map.class);
    }
}
