package io.hookline.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void quoteEscapesControlCharacters() {
        assertThat(Text.quote("a\nb\u007f")).isEqualTo("'a\\u000ab\\u007f'");
    }

    @Test
    void quoteCapsLongValuesAt64Characters() {
        assertThat(Text.quote("x".repeat(500))).isEqualTo("'" + "x".repeat(64) + "…'");
        assertThat(Text.quote("x".repeat(64))).isEqualTo("'" + "x".repeat(64) + "'");
    }

    @Test
    void quoteDoesNotSplitASurrogatePair() {
        String value = "x".repeat(63) + "😀" + "tail";

        assertThat(Text.quote(value)).isEqualTo("'" + "x".repeat(63) + "…'");
    }

    @Test
    void controlCharactersAreC0AndDel() {
        assertThat(Text.containsControl("tab\there")).isTrue();
        assertThat(Text.containsControl("del\u007f")).isTrue();
        assertThat(Text.containsControl("nul\u0000")).isTrue();
        assertThat(Text.containsControl("plain é ü 😀 ~")).isFalse();
    }
}
