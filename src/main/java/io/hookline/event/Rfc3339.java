package io.hookline.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Reads RFC 3339 date-times, which are stricter than what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} takes. */
public final class Rfc3339 {

    // ISO_OFFSET_DATE_TIME also takes missing seconds and "+01:00:30"; the shape check rules those out.
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Pattern LOCAL_DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

    private Rfc3339() {
    }

    /**
     * @throws DateTimeException with a message fit for a {@link FieldError}, if the text is not an RFC 3339
     *                           date-time with an offset or names an impossible date or time
     */
    public static Instant parse(String text) {
        if (!DATE_TIME.matcher(text).matches()) {
            throw new DateTimeException(LOCAL_DATE_TIME.matcher(text).matches()
                    ? "must include a time-zone offset (Z or ±hh:mm)"
                    : "must be an RFC 3339 date-time such as 2026-11-28T06:20:37Z");
        }
        try {
            // ISO_OFFSET_DATE_TIME resolves strictly, so February 30 and hour 25 fail here.
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            // The cause names the bad part, e.g. "Invalid date 'FEBRUARY 30'", without repeating the input.
            Throwable detail = e.getCause() != null ? e.getCause() : e;
            throw new DateTimeException("is not a valid date and time (" + detail.getMessage() + ")");
        }
    }
}
