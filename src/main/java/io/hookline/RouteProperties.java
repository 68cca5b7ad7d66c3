package io.hookline;

/**
 * The exchange properties the routes in {@code routes/} set or read, named once: beans use these
 * constants, and {@code RoutesNameWhatExistsTest} fails when a route names a property missing here.
 */
public final class RouteProperties {

    /** The delivery claimed for this attempt (an {@code InFlightDelivery}). */
    public static final String DELIVERY = "delivery";
    /**
     * Why the claimed delivery is finished without an attempt (its webhook disabled or deleted), or
     * absent. A property, not {@code ${body.skipReason}}: Camel builds a bean expression for that at
     * every evaluation, 5% of a delivery thread's time.
     */
    public static final String SKIP_REASON = "skipReason";
    /** Whether the gate let the attempt through; false: the delivery waits for a slot, or went back on the schedule. */
    public static final String ADMITTED = "admitted";
    /** The fresh delivery (see {@code store.FreshDelivery}) an exchange attempts without a claim, if it does. */
    public static final String FRESH_DELIVERY = "freshDelivery";
    /** True once the decision after a failed attempt made the delivery dead: it goes to the dead queue. */
    public static final String DELIVERY_DEAD = "deliveryDead";
    /** An event's body as the producer sent it, for the quarantine or the queue. */
    public static final String RAW_EVENT = "rawEvent";
    /** The id of the event being ingested, for log lines. */
    public static final String EVENT_ID = "eventId";
    /** The answer to a published event, kept while the event goes to the queue. */
    public static final String ACCEPTED = "accepted";
    /** A webhook change as parsed, kept to tell whether it repairs the endpoint (enabled, or a new URL). */
    public static final String CHANGE = "change";
    /** The id of a delivery the API made due, to answer it once dispatched. */
    public static final String DELIVERY_ID = "deliveryId";
    /** The raw marshalled bytes of a JMS message whose body is never read (ObjectMessage, StreamMessage). */
    public static final String RAW_BODY = "HooklineRawBody";
    /** The JMS type of such a message. */
    public static final String ORIGINAL_MESSAGE_TYPE = "HooklineOriginalMessageType";

    private RouteProperties() {
    }
}
