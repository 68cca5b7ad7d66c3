package io.hookline.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
        // Every event carries one, so the usual well-formed text is read directly; anything the direct
        // reading is unsure of takes the strict path below, which alone decides what is refused and why.
        Instant read = readWellFormed(text);
        if (read != null) {
            return read;
        }
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

    /**
     * The instant of a text of the shape {@code DATE_TIME} whose every part is in range, or null when
     * it is not one (then the strict path reads it, and refuses it or not).
     */
    static Instant readWellFormed(String text) {
        int n = text.length();
        // yyyy-mm-ddThh:mm:ss is 19 characters, then .f{1,9}, then Z or ±hh:mm
        if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) | 0x20) != 't'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(text.charAt(i))) {
                nanos = nanos * 10 + (text.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int d = i - start; d < 9; d++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && (text.charAt(i) | 0x20) == 'z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (text.charAt(i) == '+' || text.charAt(i) == '-') && text.charAt(i + 3) == ':') {
            int offsetHours = digits(text, i + 1, 2);
            int offsetMinutes = digits(text, i + 4, 2);
            // within ±17:59, which every reading takes alike; ±18:00 and beyond are left to the strict path
            if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (text.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** The number written by {@code count} ASCII digits at {@code from}, or -1 if they are not all such. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
