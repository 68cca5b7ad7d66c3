package io.hookline.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The direct reading of well-formed texts agrees with the strict reading (the shape check, then
 * {@code ISO_OFFSET_DATE_TIME}) on every text: the same instant, and nothing that one refuses.
 */
class Rfc3339Test {

    private static final Pattern STRICT_SHAPE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    /** What Rfc3339 read before it had a direct path: null where it refused the text. */
    private static Instant strict(String text) {
        if (!STRICT_SHAPE.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-28T06:20:37Z", "2026-11-28t06:20:37z", "2026-11-28T06:20:37.1Z", "2026-11-28T06:20:37.123456789Z",
            "2026-11-28T07:20:37.123+01:00", "2026-11-27T22:20:37-08:00", "2026-11-28T06:20:37+17:59",
            "2026-11-28T06:20:37-17:59", "2026-11-28T06:20:37+00:00", "2026-11-28T06:20:37-00:00",
            "2024-02-29T00:00:00Z", "2000-02-29T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
            "2026-01-31T12:00:00Z", "2026-04-30T12:00:00Z", "2026-12-31T23:59:59+14:00"})
    void readsWellFormedTextsDirectlyAsTheStrictReadingDoes(String text) {
        assertThat(Rfc3339.readWellFormed(text)).as(text).isNotNull().isEqualTo(strict(text));
        assertThat(Rfc3339.parse(text)).isEqualTo(strict(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-02-30T06:20:37Z", "2027-02-29T06:20:37Z", "2100-02-29T06:20:37Z", "2026-04-31T06:20:37Z",
            "2026-11-28T24:00:00Z", "2026-11-28T23:60:00Z", "2026-11-28T23:59:60Z", "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-11-28T06:20:37+18:00", "2026-11-28T06:20:37-18:00",
            "2026-11-28T06:20:37+18:01", "2026-11-28T06:20:37+19:00", "2026-11-28T06:20:37+05:60",
            "2026-11-28T06:20:37.Z", "2026-11-28T06:20:37.1234567891Z", "2026-11-28T06:20:37", "2026-11-28T06:20Z",
            "2026-11-28 06:20:37Z", "2026-11-28T06:20:37+0100", "2026-11-28T06:20:37+01:00:30", "2026-11-28T06:20:37ZZ",
            "+2026-11-28T06:20:37Z", "2026-11-28T06:20:37 Z", "2026-11-28T06:20:37+01:00 ", "２０２６-11-28T06:20:37Z",
            "2026-11-28T06:20:3٧Z", "2026-1a-28T06:20:37Z", "2026/11/28T06:20:37Z", "2026-11-28T06-20-37Z", ""})
    void leavesEverythingElseToTheStrictReading(String text) {
        assertThat(Rfc3339.readWellFormed(text)).as(text).isNull();
    }

    @Test
    void agreesWithTheStrictReadingOnVariedTexts() {
        Random random = new Random(3339);
        String[] offsets = {"Z", "z", "+00:00", "-00:00", "+01:00", "-08:30", "+17:59", "+18:00", "-18:00", "+18:30",
                "+23:59", "+05:60", "+99:99"};
        String[] fractions = {"", ".5", ".123", ".000000001", ".123456789", ".1234567890", "."};
        List<String> texts = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            texts.add("%04d-%02d-%02d%s%02d:%02d:%02d%s%s".formatted(
                    random.nextInt(10_000), random.nextInt(14), random.nextInt(33), random.nextBoolean() ? "T" : "t",
                    random.nextInt(26), random.nextInt(62), random.nextInt(62),
                    fractions[random.nextInt(fractions.length)], offsets[random.nextInt(offsets.length)]));
        }
        int read = 0;
        for (String text : texts) {
            Instant direct = Rfc3339.readWellFormed(text);
            Instant strict = strict(text);
            if (direct != null) {
                read++;
                assertThat(direct).as(text).isEqualTo(strict);
            }
            if (strict == null) {
                assertThatThrownBy(() -> Rfc3339.parse(text)).as(text).isInstanceOf(DateTimeException.class);
            } else {
                assertThat(Rfc3339.parse(text)).as(text).isEqualTo(strict);
            }
        }
        assertThat(read).as("texts read directly").isGreaterThan(1_000);
    }
}
