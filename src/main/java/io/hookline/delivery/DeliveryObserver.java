package io.hookline.delivery;

/**
 * Told of every attempt and outcome, for metrics and the JMX view. Called after the outcome is
 * recorded in PostgreSQL; must be quick and must not throw.
 */
public interface DeliveryObserver {

    /** One HTTP attempt ended: {@code statusCode} null when no answer came (timeout, refused, …). */
    void attempted(InFlightDelivery delivery, Integer statusCode, long durationMs);

    /** The delivery succeeded (a 2xx). */
    void succeeded(InFlightDelivery delivery);

    /** The attempt failed after its in-process retries: retried later on the schedule, or dead. */
    void failed(InFlightDelivery delivery, boolean dead);

    /**
     * An attempt was made but its outcome could not be written: the delivery will be sent again
     * when its lease ends.
     */
    default void unrecorded(InFlightDelivery delivery) {
    }

    DeliveryObserver NONE = new DeliveryObserver() {
        @Override
        public void attempted(InFlightDelivery delivery, Integer statusCode, long durationMs) {
        }

        @Override
        public void succeeded(InFlightDelivery delivery) {
        }

        @Override
        public void failed(InFlightDelivery delivery, boolean dead) {
        }
    };
}
