package io.hookline.delivery;

import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.net.SocketTimeoutException;

/** Why an attempt failed, read from the exception the HTTP call (or anything after it) threw. */
public record AttemptFailure(Kind kind, Integer statusCode, String error, String responseBody, String retryAfter) {

    public enum Kind {
        /** the receiver answered with a non-2xx status */
        STATUS,
        /** no answer in time */
        TIMEOUT,
        /** refused, reset, unresolvable or refused by the address guard */
        NETWORK,
        /** Hookline's own failure (e.g. the database): not the receiver's fault, not an attempt */
        INTERNAL
    }

    public static AttemptFailure of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException h) {
                String retryAfter = h.getResponseHeaders() == null ? null : h.getResponseHeaders().entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                        .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
                return new AttemptFailure(Kind.STATUS, h.getStatusCode(), "HTTP " + h.getStatusCode(),
                        h.getResponseBody(), retryAfter);
            }
            if (c instanceof SocketTimeoutException) {
                return new AttemptFailure(Kind.TIMEOUT, null, "timeout: " + c.getMessage(), null, null);
            }
            // the HTTP client cannot read the stored URL (e.g. http://127.1/): no connection possible, like an unknown host
            if (c instanceof IllegalArgumentException && String.valueOf(c.getMessage()).startsWith("Invalid url")) {
                return new AttemptFailure(Kind.NETWORK, null, "the URL cannot be connected to", null, null);
            }
            if (c instanceof IOException) {
                return new AttemptFailure(Kind.NETWORK, null, c.getClass().getSimpleName() + ": " + c.getMessage(), null, null);
            }
        }
        return new AttemptFailure(Kind.INTERNAL, null, t == null ? "unknown" : t.toString(), null, null);
    }

    public boolean isAttempt() {
        return kind != Kind.INTERNAL;
    }
}
