package io.hookline.ops;

/** The operator's view of the dispatcher over JMX, as {@code io.hookline:type=Dispatcher}. */
public interface DispatcherMBean {

    long getDeliveriesPending();

    long getDeliveriesRetrying();

    long getDeliveriesDead();

    long getDeliveriesSucceededSinceStart();

    long getDeliveriesFailedSinceStart();

    long getWebhooksEnabled();

    long getWebhooksDisabled();

    boolean isDeliveryPaused();

    /** Stops taking deliveries off the queue and stops the retry scheduler; events are still accepted. */
    void pauseDelivery() throws Exception;

    void resumeDelivery() throws Exception;

    /** Puts every dead delivery of the webhook back on the retry schedule, due now; returns how many. */
    int retryDeadDeliveries(String webhookId) throws Exception;
}
