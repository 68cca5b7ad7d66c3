package io.hookline.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Decides whether Camel's redelivery retries an attempt at once, in-process. Only failures that
 * may pass in a moment are retried here (refused or reset connections, 5xx, Hookline's own
 * hiccups); timeouts would hold a thread for the whole timeout again, and 4xx and 410 will not
 * change, so those go straight to the schedule.
 */
public class InProcessRetry implements Predicate {

    private final int maxRedeliveries;

    public InProcessRetry(int maxRedeliveries) {
        this.maxRedeliveries = maxRedeliveries;
    }

    @Override
    public boolean matches(Exchange exchange) {
        int counter = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (counter > maxRedeliveries) {
            return false;
        }
        Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        AttemptFailure f = AttemptFailure.of(t);
        return switch (f.kind()) {
            case STATUS -> f.statusCode() >= 500 && f.statusCode() != 503;
            case TIMEOUT -> false;
            case NETWORK, INTERNAL -> true;
        };
    }
}
