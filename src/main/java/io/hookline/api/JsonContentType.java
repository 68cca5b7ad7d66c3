package io.hookline.api;

import org.apache.camel.Exchange;

import java.util.Locale;

/**
 * Refuses a request body that says it is not JSON (415), instead of reading a form or plain text
 * as if it were. A body without a Content-Type is read as JSON; a bodiless POST needs none.
 */
public final class JsonContentType {

    public void check(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || contentType.isBlank() || isJson(contentType) || !hasBody(exchange)) {
            return;
        }
        throw new ApiProblem(415, "Unsupported media type",
                "the body must be application/json, not " + printable(contentType), null);
    }

    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static boolean hasBody(Exchange exchange) {
        Long length = exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (length != null) {
            return length > 0;
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        return body != null && body.length > 0;
    }

    /** The header as sent, cut short and without control characters, for the answer. */
    private static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
