package io.hookline.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.hookline.event.TestEvents.MAPPER;
import static io.hookline.event.TestEvents.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** What {@link EventParser} accepts in each field of an event, and how it reports what it doesn't. */
class EventParserFieldsTest {

    private final EventParser parser = TestEvents.parser();

    // --- event types

    @ParameterizedTest
    @CsvSource({
            "contact.subscribed, SUBSCRIBED", "subscribe, SUBSCRIBED",
            "contact.unsubscribed, UNSUBSCRIBED", "unsubscribe, UNSUBSCRIBED",
            "contact.profile_updated, PROFILE_UPDATED", "profile, PROFILE_UPDATED",
            "contact.email_changed, EMAIL_CHANGED", "upemail, EMAIL_CHANGED",
            "contact.cleaned, CLEANED", "cleaned, CLEANED"})
    void acceptsEveryEventTypeAndAlias(String name, EventType expected) {
        ObjectNode json = valid().put("type", name).put("previousEmail", "old@example.com");

        assertThat(parser.parse(json.toString()).type()).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownEventType() {
        assertFieldErrors(valid().put("type", "contact.deleted"),
                "type: unknown event type 'contact.deleted'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook.test", "test"})
    void rejectsTheTestEventFromProducers(String name) {
        assertThat(fieldErrors(valid().put("type", name))).singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("type"));
    }

    // --- all errors at once

    @Test
    void reportsEveryMissingRequiredField() {
        assertFieldErrors(MAPPER.createObjectNode(),
                "id: is required", "type: is required", "listId: is required", "occurredAt: is required",
                "contact: is required");
    }

    @Test
    void treatsJsonNullAsMissing() {
        ObjectNode json = valid().putNull("id").putNull("source").putNull("reason").putNull("previousEmail");

        assertFieldErrors(json, "id: is required");
    }

    @Test
    void reportsAllFieldErrorsInOneMessage() {
        ObjectNode json = valid().put("type", "foo");
        json.withObjectProperty("contact").put("email", "ann.example.com");

        assertThatThrownBy(() -> parser.parse(json.toString()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("invalid_fields");
                    assertThat(e.getMessage()).isEqualTo(
                            "invalid fields: type: unknown event type 'foo'; contact.email: not an e-mail address");
                });
    }

    @Test
    void reportsWrongJsonTypes() {
        ObjectNode json = valid().put("id", 7).put("listId", true).put("occurredAt", 1764310837).put("source", 1);
        json.putArray("type").add("contact.subscribed");
        json.putObject("reason");
        json.put("previousEmail", 3);

        assertFieldErrors(json,
                "id: must be a string", "type: must be a string", "listId: must be a string",
                "occurredAt: must be a string", "source: must be a string", "previousEmail: must be a string",
                "reason: must be a string");
    }

    @Test
    void rejectsContactThatIsNotAnObject() {
        assertFieldErrors(valid().put("contact", "ann@example.com"), "contact: must be an object");
    }

    @Test
    void rejectsContactWithoutEmail() {
        ObjectNode json = valid();
        json.withObjectProperty("contact").remove("email");

        assertFieldErrors(json, "contact.email: is required");
    }

    @Test
    void capsEchoedValuesAt64Characters() {
        String longType = "t".repeat(5000);

        assertThatThrownBy(() -> parser.parse(valid().put("type", longType).toString()))
                .hasMessage("invalid fields: type: unknown event type '" + "t".repeat(64) + "…'");
    }

    // --- id and listId

    @Test
    void acceptsIdOf200PrintableAsciiCharacters() {
        String id = "evt-_.:/!~" + "x".repeat(190);

        assertThat(parser.parse(valid().put("id", id).toString()).id()).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| must not be empty",
            "evt 1| must contain only printable ASCII characters, without spaces",
            "evt_ü| must contain only printable ASCII characters, without spaces"})
    void rejectsBadIds(String id, String message) {
        assertFieldErrors(valid().put("id", id), "id: " + message.strip());
    }

    @Test
    void rejectsIdOver200Characters() {
        assertFieldErrors(valid().put("id", "x".repeat(201)), "id: must be at most 200 characters");
    }

    @Test
    void acceptsListIdWithSpacesAndNonAsciiUpTo200Characters() {
        String listId = "Liste für Kunden " + "x".repeat(183);

        assertThat(parser.parse(valid().put("listId", listId).toString()).listId()).isEqualTo(listId);
    }

    @Test
    void rejectsEmptyOrTooLongListId() {
        assertFieldErrors(valid().put("listId", ""), "listId: must not be empty");
        assertFieldErrors(valid().put("listId", "l".repeat(201)), "listId: must be at most 200 characters");
    }

    // --- occurredAt

    @ParameterizedTest
    @CsvSource({
            "2026-11-28T06:20:37Z, 2026-11-28T06:20:37Z",
            "2026-11-28T07:20:37.123+01:00, 2026-11-28T06:20:37.123Z",
            "2026-11-27T22:20:37-08:00, 2026-11-28T06:20:37Z",
            "2026-11-28t06:20:37.123456789z, 2026-11-28T06:20:37.123456789Z",
            "2000-01-01T00:00:00Z, 2000-01-01T00:00:00Z",
            "2026-11-29T11:59:59Z, 2026-11-29T11:59:59Z"})
    void acceptsRfc3339DateTimesWithAnOffset(String text, Instant expected) {
        assertThat(parser.parse(valid().put("occurredAt", text).toString()).occurredAt()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-02-30T06:20:37Z         | is not a valid date and time (Invalid date 'FEBRUARY 30')",
            "2027-02-29T06:20:37Z         | is not a valid date and time (Invalid date 'February 29' as '2027' is not a leap year)",
            "2026-11-28T25:20:37Z         | is not a valid date and time (Invalid value for HourOfDay (valid values 0 - 23): 25)",
            "2026-13-28T06:20:37Z         | is not a valid date and time (Invalid value for MonthOfYear (valid values 1 - 12): 13)",
            "2026-11-28T06:20:37+19:00    | is not a valid date and time (Zone offset not in valid range: -18:00 to +18:00)",
            "2026-11-28T06:20:37          | must include a time-zone offset (Z or ±hh:mm)",
            "2026-11-28 06:20:37.5        | must include a time-zone offset (Z or ±hh:mm)",
            "2026-11-28                   | must be an RFC 3339 date-time such as 2026-11-28T06:20:37Z",
            "2026-11-28T06:20Z            | must be an RFC 3339 date-time such as 2026-11-28T06:20:37Z",
            "2026-11-28T06:20:37+0100     | must be an RFC 3339 date-time such as 2026-11-28T06:20:37Z",
            "2026-11-28T06:20:37+01:00:30 | must be an RFC 3339 date-time such as 2026-11-28T06:20:37Z",
            "Sat, 28 Nov 2026 06:20:37 GMT| must be an RFC 3339 date-time such as 2026-11-28T06:20:37Z",
            "1764310837                   | must be an RFC 3339 date-time such as 2026-11-28T06:20:37Z",
            "1999-12-31T23:59:59Z         | must not be before the year 2000",
            "2026-11-29T12:00:01Z         | must not be more than 1 day in the future"})
    void rejectsBadOccurredAt(String text, String message) {
        assertFieldErrors(valid().put("occurredAt", text.strip()), "occurredAt: " + message.strip());
    }

    // --- source

    @ParameterizedTest
    @ValueSource(strings = {"api", "user", "admin"})
    void acceptsKnownSources(String source) {
        assertThat(parser.parse(valid().put("source", source).toString()).source()).isEqualTo(source);
    }

    @Test
    void acceptsEventWithoutSource() {
        ObjectNode json = valid();
        json.remove("source");

        assertThat(parser.parse(json.toString()).source()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"system", "API", ""})
    void rejectsUnknownSources(String source) {
        assertFieldErrors(valid().put("source", source), "source: must be one of api, user, admin");
    }

    // --- e-mail addresses

    @ParameterizedTest
    @ValueSource(strings = {
            "ann@example.com", "ann.lee+news@mail.example.co.uk", "o'brien@example.com", "ANN@EXAMPLE.COM",
            "ann@xn--bcher-kva.de", "ann@bücher.de", "ann@my-host.example", "1@2.io"})
    void acceptsPlausibleEmails(String email) {
        ObjectNode json = valid();
        json.withObjectProperty("contact").put("email", email);

        assertThat(parser.parse(json.toString()).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "ann", "ann@", "@example.com", "ann@@example.com", "ann@work@example.com", "ann@localhost",
            "ann@example.", "ann@.example.com", "ann@example..com", "ann@-example.com", "ann@example-.com",
            "ann@exam_ple.com", "ann@example.com:25", "ann lee@example.com", " ann@example.com", "ann@example.com ",
            "ann@exam\u00a0ple.com", "ann\u00a0lee@example.com", "ann\u2003@example.com"})
    void rejectsBadEmails(String email) {
        ObjectNode json = valid();
        json.withObjectProperty("contact").put("email", email);

        assertFieldErrors(json, "contact.email: not an e-mail address");
    }

    @Test
    void enforcesEmailLengthLimits() {
        String domain = "@" + "d".repeat(60) + ".example.com";
        assertThat(parse(withEmail("a".repeat(64) + domain)).email()).startsWith("aaaa");
        assertFieldErrors(withEmail("a".repeat(65) + domain), "contact.email: not an e-mail address");

        String label = "l".repeat(63);
        String longest = "ann@" + String.join(".", label, label, label, "l".repeat(55)) + ".io"; // 254 characters
        assertThat(longest).hasSize(254);
        assertThat(parse(withEmail(longest)).email()).isEqualTo(longest);
        assertFieldErrors(withEmail("x" + longest), "contact.email: not an e-mail address");
        assertFieldErrors(withEmail("ann@" + "l".repeat(64) + ".io"), "contact.email: not an e-mail address");
    }

    // --- contact.fields

    @Test
    void keepsFieldsInTheProducersOrderWithTheirTypes() {
        String body = valid().toString().replace("{\"firstName\":\"Ann\"}",
                "{\"lastName\":\"Lee\",\"age\":41,\"score\":9.50,\"vip\":true,\"phone\":null,\"firstName\":\"Ann\"}");

        Map<String, Object> fields = parser.parse(body).fields();

        assertThat(fields).containsExactly(entry("lastName", "Lee"), entry("age", 41),
                entry("score", new BigDecimal("9.50")), entry("vip", true), entry("phone", null),
                entry("firstName", "Ann"));
    }

    @Test
    void acceptsContactWithoutFields() {
        ObjectNode json = valid();
        json.withObjectProperty("contact").remove("fields");

        assertThat(parse(json).fields()).isEmpty();
    }

    @Test
    void acceptsLineBreaksAndTabsInFieldValues() {
        ObjectNode json = valid();
        json.withObjectProperty("contact").withObjectProperty("fields").put("address", "1 Main St\nSpringfield\tUS");

        assertThat(parse(json).fields()).containsEntry("address", "1 Main St\nSpringfield\tUS");
    }

    @Test
    void rejectsNestedFieldValues() {
        ObjectNode json = valid();
        ObjectNode fields = json.withObjectProperty("contact").withObjectProperty("fields");
        fields.putObject("address").put("city", "Springfield");
        fields.putArray("tags").add("vip");

        assertFieldErrors(json,
                "contact.fields.address: must be a string, number, boolean or null",
                "contact.fields.tags: must be a string, number, boolean or null");
    }

    @Test
    void rejectsFieldsThatAreNotAnObject() {
        ObjectNode json = valid();
        json.withObjectProperty("contact").putArray("fields").add("firstName");

        assertFieldErrors(json, "contact.fields: must be an object");
    }

    @Test
    void enforcesFieldNameAndValueLengths() {
        ObjectNode json = valid();
        ObjectNode fields = json.withObjectProperty("contact").withObjectProperty("fields");
        fields.put("n".repeat(100), "ok").put("v", "v".repeat(4096));
        assertThat(parse(json).fields()).hasSize(3);

        fields.put("", "empty name").put("N".repeat(101), "long name").put("bio", "b".repeat(4097));
        assertFieldErrors(json,
                "contact.fields: field name '' must be 1 to 100 characters without control characters",
                "contact.fields: field name '" + "N".repeat(64) + "…' must be 1 to 100 characters without control characters",
                "contact.fields.bio: must be at most 4096 characters");
    }

    // --- previousEmail and reason

    @Test
    void acceptsEmailChangedWithPreviousEmail() {
        ContactEvent event = parse(valid().put("type", "upemail").put("previousEmail", "old@example.com"));

        assertThat(event.type()).isEqualTo(EventType.EMAIL_CHANGED);
        assertThat(event.previousEmail()).isEqualTo("old@example.com");
    }

    @Test
    void rejectsEmailChangedWithoutPreviousEmail() {
        assertFieldErrors(valid().put("type", "contact.email_changed"),
                "previousEmail: is required for contact.email_changed");
    }

    @Test
    void rejectsInvalidPreviousEmailOnAnyType() {
        assertFieldErrors(valid().put("type", "contact.email_changed").put("previousEmail", "old"),
                "previousEmail: not an e-mail address");
        assertFieldErrors(valid().put("previousEmail", "old@"), "previousEmail: not an e-mail address");
    }

    @Test
    void keepsOptionalPreviousEmailOnOtherTypes() {
        assertThat(parse(valid().put("previousEmail", "old@example.com")).previousEmail()).isEqualTo("old@example.com");
    }

    @Test
    void acceptsCleanedWithReason() {
        ContactEvent event = parse(valid().put("type", "contact.cleaned").put("reason", "hard_bounce"));

        assertThat(event.type()).isEqualTo(EventType.CLEANED);
        assertThat(event.reason()).isEqualTo("hard_bounce");
    }

    @Test
    void rejectsReasonOver200Characters() {
        assertThat(parse(valid().put("reason", "r".repeat(200))).reason()).hasSize(200);
        assertFieldErrors(valid().put("reason", "r".repeat(201)), "reason: must be at most 200 characters");
    }

    // --- control characters

    @ParameterizedTest
    @ValueSource(strings = {"id", "type", "listId", "occurredAt", "source", "contact.email", "previousEmail", "reason"})
    void rejectsControlCharactersInStringFields(String field) {
        for (String control : List.of("\u0000", "\n", "\u001f", "\u007f")) {
            ObjectNode json = valid().put("previousEmail", "old@example.com").put("reason", "hard_bounce");
            ObjectNode owner = field.startsWith("contact.") ? json.withObjectProperty("contact") : json;
            String name = field.substring(field.indexOf('.') + 1);
            owner.put(name, owner.get(name).textValue() + control);

            assertFieldErrors(json, field + ": must not contain control characters");
        }
    }

    @Test
    void rejectsControlCharactersInFieldNames() {
        ObjectNode json = valid();
        json.withObjectProperty("contact").withObjectProperty("fields").put("first\u0000Name", "Ann");

        assertFieldErrors(json,
                "contact.fields: field name 'first\\u0000Name' must be 1 to 100 characters without control characters");
    }

    // --- helpers

    private ContactEvent parse(ObjectNode json) {
        return parser.parse(json.toString());
    }

    private static ObjectNode withEmail(String email) {
        ObjectNode json = valid();
        json.withObjectProperty("contact").put("email", email);
        return json;
    }

    private List<FieldError> fieldErrors(ObjectNode json) {
        try {
            parser.parse(json.toString());
        } catch (InvalidEventException e) {
            assertThat(e.getReason()).isEqualTo("invalid_fields");
            return e.getErrors();
        }
        throw new AssertionError("accepted " + json);
    }

    private void assertFieldErrors(ObjectNode json, String... expected) {
        assertThat(fieldErrors(json)).map(FieldError::toString).containsExactly(expected);
    }
}
