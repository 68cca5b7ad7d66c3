package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.event.FieldError;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * An opaque keyset cursor: the sort key (time, id) of the last row of a page. Keyset paging stays
 * correct while new rows arrive, which offsets do not.
 */
public record Cursor(Instant at, String id) {

    public String encode() {
        String raw = at.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("the cursor is not one this API gave out",
                    List.of(new FieldError("cursor", "not a valid cursor")));
        }
    }
}
