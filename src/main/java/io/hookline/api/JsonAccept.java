package io.hookline.api;

import org.apache.camel.Exchange;

import java.util.Locale;

/**
 * Refuses a request whose {@code Accept} admits no JSON (406): every answer of the API is JSON or
 * problem+json. No header, or one admitting {@code application/json}, a {@code +json} type, any
 * application type or any type at all, is fine; a range with {@code q=0} admits nothing.
 */
public final class JsonAccept {

    public void check(Exchange exchange) {
        String accept = exchange.getIn().getHeader("Accept", String.class);
        if (!acceptsJson(accept)) {
            throw notAcceptable();
        }
    }

    static ApiProblem notAcceptable() {
        return new ApiProblem(406, "Not acceptable", "the API answers application/json (errors application/problem+json) only", null);
    }

    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (refused(parts)) {
                continue;
            }
            if (type.equals("*/*") || type.equals("application/*") || JsonContentType.isJson(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
