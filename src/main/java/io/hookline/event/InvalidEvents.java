package io.hookline.event;

import org.apache.camel.Exchange;

/** Names, in headers of the quarantined message, why an event was refused. */
public class InvalidEvents {

    public static final String REASON = "HooklineInvalidReason";
    public static final String DETAIL = "HooklineInvalidDetail";

    public void describe(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = t instanceof InvalidEventException e ? e.getReason() : "invalid";
        String detail = t == null ? "" : t.getMessage();
        exchange.getMessage().setHeader(REASON, reason);
        exchange.getMessage().setHeader(DETAIL, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
    }
}
