package io.hookline.event;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static io.hookline.event.TestEvents.CLOCK;
import static io.hookline.event.TestEvents.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** What {@link EventParser} does with the message body as a whole: types, encoding, size and JSON syntax. */
class EventParserBodyTest {

    private final EventParser parser = TestEvents.parser();

    @Test
    void parsesTheDesignExampleFromAString() {
        String body = valid().toString();

        ContactEvent event = parser.parse(body);

        assertThat(event).isEqualTo(new ContactEvent("evt_2f6c0b7e", EventType.SUBSCRIBED, "list_42",
                Instant.parse("2026-11-28T06:20:37Z"), "api", "ann@example.com", Map.of("firstName", "Ann"),
                null, null));
    }

    @Test
    void parsesUtf8Bytes() {
        var json = valid();
        json.withObjectProperty("contact").withObjectProperty("fields").put("city", "Zürich 😀");

        ContactEvent event = parser.parse(json.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(event.fields()).containsEntry("city", "Zürich 😀");
    }

    @Test
    void ignoresALeadingByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = valid().toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bom.length + json.length];
        System.arraycopy(bom, 0, body, 0, bom.length);
        System.arraycopy(json, 0, body, bom.length, json.length);

        assertThat(parser.parse(body).id()).isEqualTo("evt_2f6c0b7e");
    }

    @Test
    void ignoresUnknownTopLevelFields() {
        var json = valid();
        json.put("producer", "crm");
        json.putObject("extra").putArray("list").add(1);

        assertThat(parser.parse(json.toString()).id()).isEqualTo("evt_2f6c0b7e");
    }

    @Test
    void keepsDecimalFieldValuesAsSent() {
        String body = valid().toString().replace("\"firstName\":\"Ann\"", "\"score\":1.10,\"big\":12345678901234567890");

        assertThat(parser.parse(body).fields())
                .containsEntry("score", new BigDecimal("1.10"))
                .hasEntrySatisfying("big", value -> assertThat(value.toString()).isEqualTo("12345678901234567890"));
    }

    @Test
    void rejectsNullBodyAsEmpty() {
        assertRejected(null, "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t\r\n", "\uFEFF"})
    void rejectsBlankStringAsEmpty(String body) {
        assertRejected(body, "empty");
    }

    @Test
    void rejectsEmptyBytesAsEmpty() {
        assertRejected(new byte[0], "empty");
    }

    @Test
    void rejectsMapBodyOfAJmsMapMessage() {
        assertThatThrownBy(() -> parser.parse(Map.of("id", "evt_1")))
                .asInstanceOf(type(InvalidEventException.class))
                .satisfies(e -> {
                    assertThat(e.getReason()).isEqualTo("unsupported_message_type");
                    assertThat(e.getMessage()).contains("java.util");
                });
    }

    @Test
    void rejectsSerializableBodyOfAJmsObjectMessage() {
        Serializable body = Instant.now();

        assertRejected(body, "unsupported_message_type");
    }

    @Test
    void rejectsInvalidUtf8BytesAndSaysWhere() {
        byte[] body = "{\"id\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
        body[7] = (byte) 0xC3; // a lead byte followed by an ASCII byte

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("not_utf8");
                    assertThat(e.getMessage()).contains("offset 7");
                });
    }

    @Test
    void rejectsOverlongUtf8Encoding() {
        // 0xC0 0xAF is an overlong "/", a classic filter bypass.
        assertRejected(new byte[]{'"', (byte) 0xC0, (byte) 0xAF, '"'}, "not_utf8");
    }

    @Test
    void rejectsUtf8TruncatedInsideACharacter() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);

        assertRejected(new byte[]{'"', euro[0], euro[1]}, "not_utf8");
    }

    @Test
    void rejectsLatin1Bytes() {
        assertRejected("{\"city\":\"Zürich\"}".getBytes(StandardCharsets.ISO_8859_1), "not_utf8");
    }

    @Test
    void rejectsStringWithAnUnpairedSurrogate() {
        assertRejected("{\"id\":\"a\uD800b\"}", "not_utf8");
    }

    @Test
    void rejectsBodyOverTheLimit() {
        EventParser small = new EventParser(TestEvents.MAPPER, 100, CLOCK);
        String body = "{\"pad\":\"" + "x".repeat(100) + "\"}";

        assertRejected(small, body, "too_large");
        assertRejected(small, body.getBytes(StandardCharsets.UTF_8), "too_large");
    }

    @Test
    void measuresTheLimitInUtf8BytesNotCharacters() {
        EventParser small = new EventParser(TestEvents.MAPPER, 100, CLOCK);
        String body = "\"" + "é".repeat(60) + "\""; // 62 characters, 122 bytes

        assertRejected(small, body, "too_large");
    }

    @Test
    void acceptsBodyExactlyAtTheLimit() {
        String json = valid().toString();
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        EventParser exact = new EventParser(TestEvents.MAPPER, size, CLOCK);

        assertThat(exact.parse(json).id()).isEqualTo("evt_2f6c0b7e");
        assertThat(exact.parse(json.getBytes(StandardCharsets.UTF_8)).id()).isEqualTo("evt_2f6c0b7e");
    }

    @Test
    void checksTheSizeBeforeTheSyntax() {
        EventParser small = new EventParser(TestEvents.MAPPER, 10, CLOCK);

        assertRejected(small, "{{{{{{{{{{{{{{{{{{{{", "too_large");
    }

    @Test
    void rejectsTruncatedJsonWithLineAndColumnButNotTheBody() {
        String body = "{\n  \"id\": \"secret-value\",\n  \"contact\": {";

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("malformed_json");
                    assertThat(e.getMessage()).matches("malformed JSON at line 3, column \\d+: unexpected end of input");
                });
    }

    @Test
    void malformedJsonMessageDoesNotEchoTheOffendingToken() {
        String body = "{\"id\": secret" + "x".repeat(300) + "}";

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("malformed_json");
                    assertThat(e.getMessage()).startsWith("malformed JSON at line 1, column").doesNotContain("secret");
                });
    }

    @Test
    void rejectsContentAfterTheObject() {
        assertThatThrownBy(() -> parser.parse(valid() + " {}"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("malformed_json");
                    assertThat(e.getMessage()).contains("unexpected content after the JSON value");
                });
    }

    @Test
    void rejectsTrailingGarbageAfterTheObject() {
        assertRejected(valid() + " garbage", "malformed_json");
    }

    @Test
    void rejectsDuplicateTopLevelKeys() {
        String body = valid().toString().replace("{\"id\":", "{\"id\":\"evt_other\",\"id\":");

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("malformed_json");
                    assertThat(e.getMessage()).contains("duplicate key 'id'");
                });
    }

    @Test
    void rejectsDuplicateKeysInNestedObjects() {
        String body = valid().toString().replace("\"email\":", "\"email\":\"eve@example.com\",\"email\":");

        assertRejected(body, "malformed_json");
    }

    @Test
    void rejectsNestingOfOneHundredLevels() {
        var json = valid();
        String deep = "[".repeat(100) + "]".repeat(100);
        String body = json.toString().replace("{\"id\":", "{\"extra\":" + deep + ",\"id\":");

        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("malformed_json");
                    assertThat(e.getMessage()).contains("nesting depth").contains("(32)");
                });
    }

    @Test
    void acceptsNestingUpToThirtyTwoLevels() {
        String deep = "[".repeat(31) + "]".repeat(31); // inside the top-level object: 32 levels
        String body = valid().toString().replace("{\"id\":", "{\"extra\":" + deep + ",\"id\":");

        assertThat(parser.parse(body).id()).isEqualTo("evt_2f6c0b7e");
    }

    @Test
    void rejectsJsonExtensionsEvenWhenTheSharedMapperAllowsThem() {
        ObjectMapper lenient = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES)
                .build();
        EventParser parser = new EventParser(lenient, TestEvents.MAX_BYTES, CLOCK);

        assertRejected(parser, valid().toString().replace("{", "{ // comment\n"), "malformed_json");
        assertRejected(parser, valid().toString().replace("\"list_42\"", "'list_42'"), "malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"id\":\"evt_1\"}]", "\"contact.subscribed\"", "42", "true", "null"})
    void rejectsJsonThatIsNotAnObject(String body) {
        assertRejected(body, "not_an_object");
    }

    private void assertRejected(Object body, String reason) {
        assertRejected(parser, body, reason);
    }

    private static void assertRejected(EventParser parser, Object body, String reason) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo(reason);
                    assertThat(e.getErrors()).isEmpty();
                });
    }
}
