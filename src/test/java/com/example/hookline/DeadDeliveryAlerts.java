package com.example.hookline;

import org.apache.camel.builder.RouteBuilder;

/**
 * Example of a Java route an integration team adds to Hookline: each dead delivery becomes a
 * one-line alert on the queue ops.alerts, for a pager or chat bridge. It takes the summaries off
 * webhook.deliveries.dead, so the alerting system becomes their reader.
 *
 * Deploy: compile against target/hookline.jar and target/lib/, put the jar on the class path
 * ({@code java -cp 'target/hookline.jar:ext/*' io.hookline.App}) and name the class in
 * {@code camel.main.routes-builder-classes = com.example.hookline.DeadDeliveryAlerts}.
 */
public class DeadDeliveryAlerts extends RouteBuilder {

    @Override
    public void configure() {
        from("activemq:queue:webhook.deliveries.dead").routeId("dead-delivery-alerts")
                .setBody(simple("Webhook ${jsonpath($.webhookId)}: delivery ${jsonpath($.deliveryId)} of event "
                        + "${jsonpath($.eventId)} is dead after ${jsonpath($.attempts)} attempts (${jsonpath($.reason)})"))
                .to("activemq:queue:ops.alerts");
    }
}
