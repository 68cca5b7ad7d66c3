package io.hookline.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiverTextTest {

    @Test
    void nulAndOtherControlCharactersAreEscapedForStorage() {
        assertThat(ReceiverText.forStorage("ok\u0000done")).isEqualTo("ok\\u0000done");
        assertThat(ReceiverText.forStorage("a\u0007b\u001bc\u007fd\u0085e\rf")).isEqualTo("a\\u0007b\\u001bc\\u007fd\\u0085e\\u000df");
    }

    @Test
    void tabAndNewlineAreKeptForStorage() {
        assertThat(ReceiverText.forStorage("line 1\n\tline 2")).isEqualTo("line 1\n\tline 2");
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String text = "{\"ok\": true, \"name\": \"Zoë 😀\"}";
        assertThat(ReceiverText.forStorage(text)).isSameAs(text);
        assertThat(ReceiverText.forStorage(null)).isNull();
    }

    @Test
    void invalidUtf8AndLoneSurrogatesBecomeReplacementCharacters() {
        byte[] invalid = {'a', (byte) 0xc3, 'b', (byte) 0xff, 'c'};
        assertThat(ReceiverText.forStorage(new String(invalid, StandardCharsets.UTF_8))).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(ReceiverText.forStorage("x\uD83Dy\uDE00z")).isEqualTo("x\uFFFDy\uFFFDz");
    }

    @Test
    void longTextIsCappedWithoutSplittingAPairOrAnEscape() {
        assertThat(ReceiverText.forStorage("a".repeat(5000))).hasSize(ReceiverText.MAX_CHARS);
        String pairs = "😀".repeat(ReceiverText.MAX_CHARS);
        String capped = ReceiverText.forStorage("a" + pairs);
        assertThat(capped).hasSize(ReceiverText.MAX_CHARS - 1);
        assertThat(Character.isHighSurrogate(capped.charAt(capped.length() - 1))).isFalse();
        String escapes = ReceiverText.forStorage("ab" + "\u0000".repeat(1000));
        assertThat(escapes).endsWith("\\u0000").hasSize(2 + 6 * ((ReceiverText.MAX_CHARS - 2) / 6));
    }

    @Test
    void cleaningTwiceChangesNothingMore() {
        String once = ReceiverText.forStorage("x\u0000y\uD800" + "z".repeat(3000));
        assertThat(ReceiverText.forStorage(once)).isSameAs(once);
    }

    @Test
    void forLogKeepsAReceiverTextOnOneLine() {
        String forged = "boom\n12:00:00.000 INFO  forged line\r\n\tand\u2028more\u202egnirts";
        String logged = ReceiverText.forLog(forged);
        assertThat(logged).doesNotContain("\n", "\r", "\t", "\u2028", "\u202e")
                .isEqualTo("boom\\u000a12:00:00.000 INFO  forged line\\u000d\\u000a\\u0009and\\u2028more\\u202egnirts");
    }

    @Test
    void everyTextOfAnAttemptResultIsStorable() {
        AttemptResult r = new AttemptResult(1, Instant.now(), 5, 500, "body\u0000" + "x".repeat(4000),
                "MalformedChunkCodingException: Bad chunk header: \u0000\u0001");
        assertThat(r.responseExcerpt()).doesNotContain("\u0000").startsWith("body\\u0000").hasSize(ReceiverText.MAX_CHARS);
        assertThat(r.error()).isEqualTo("MalformedChunkCodingException: Bad chunk header: \\u0000\\u0001");
    }
}
