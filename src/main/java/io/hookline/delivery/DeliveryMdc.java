package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

/**
 * The ids of the delivery a consumer thread is handling, in the MDC for every line it logs, from
 * the claim to the end of the exchange. Consumer threads are reused: the ids are removed when the
 * exchange completes, and reset at the next claim, so they never label another message's lines.
 */
public final class DeliveryMdc {

    public static final String EVENT_ID = "eventId";
    public static final String DELIVERY_ID = "deliveryId";
    public static final String WEBHOOK_ID = "webhookId";

    private DeliveryMdc() {
    }

    /** At the start of a claim: only the delivery id is known yet; removed again when the exchange completes. */
    static void begin(Exchange exchange, String deliveryId) {
        clear();
        put(DELIVERY_ID, deliveryId);
        if (exchange != null) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    clear();
                }
            });
        }
    }

    /** Once the delivery is claimed. */
    static void claimed(InFlightDelivery d) {
        claimed(d.id(), d.webhookId(), d.eventId());
    }

    static void claimed(String deliveryId, String webhookId, String eventId) {
        put(DELIVERY_ID, deliveryId);
        put(WEBHOOK_ID, webhookId);
        put(EVENT_ID, eventId);
    }

    static void clear() {
        MDC.remove(EVENT_ID);
        MDC.remove(DELIVERY_ID);
        MDC.remove(WEBHOOK_ID);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
