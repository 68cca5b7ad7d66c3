package io.hookline.it.campaign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates malformed events of every kind an ingest path must refuse, each with the reason code
 * it must be refused with. Valid apart from the one flaw, so each case tests that flaw alone.
 */
public final class MalformedEvents {

    /** One malformed event: its bytes as a producer sends them, and the reason it must be refused for. */
    public record Case(String name, byte[] body, String reason) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean isUtf8Text() {
            return !reason.equals("not_utf8");
        }
    }

    public static final String DATE = "2025-11-28T06:20:37Z";

    private final int maxBytes;
    private final String listId;
    private final List<Case> cases = new ArrayList<>();
    private int n;

    private MalformedEvents(int maxBytes, String listId) {
        this.maxBytes = maxBytes;
        this.listId = listId;
    }

    /** A valid event whose fields the cases below replace one at a time. */
    public static String valid(String id, String listId) {
        return event(q(id), q("contact.subscribed"), q(listId), q(DATE), q("api"),
                "{\"email\":\"ann@example.com\",\"fields\":{\"firstName\":\"Ann\"}}", "");
    }

    private static String event(String id, String type, String listId, String occurredAt, String source,
                                String contact, String extra) {
        StringBuilder sb = new StringBuilder("{");
        append(sb, "id", id);
        append(sb, "type", type);
        append(sb, "listId", listId);
        append(sb, "occurredAt", occurredAt);
        append(sb, "source", source);
        append(sb, "contact", contact);
        if (sb.charAt(sb.length() - 1) == ',') {
            sb.setLength(sb.length() - 1);
        }
        return sb.append(extra).append('}').toString();
    }

    private static void append(StringBuilder sb, String name, String json) {
        if (json != null) {
            sb.append('"').append(name).append("\":").append(json).append(',');
        }
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private String id() {
        return "bad-" + (++n);
    }

    private void add(String name, String body, String reason) {
        cases.add(new Case(name, body.getBytes(StandardCharsets.UTF_8), reason));
    }

    public static List<Case> generate(int maxBytes, String listId) {
        MalformedEvents g = new MalformedEvents(maxBytes, listId);
        g.truncated();
        g.notAnObject();
        g.wrongTypes();
        g.missingOrNull();
        g.hugeStrings();
        g.deepNesting();
        g.unknownTypes();
        g.impossibleDates();
        g.controlCharacters();
        g.invalidUtf8();
        g.empty();
        g.overTheLimit();
        g.badSyntax();
        return List.copyOf(g.cases);
    }

    private String contact(String email, String fields) {
        return "{\"email\":" + email + ",\"fields\":" + fields + "}";
    }

    private String with(String id, String type, String list, String at, String source, String contact, String extra) {
        return event(id, type, list, at, source, contact, extra);
    }

    private String base(String extra) {
        return with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"),
                contact(q("ann@example.com"), "{\"firstName\":\"Ann\"}"), extra);
    }

    private void truncated() {
        String whole = valid(id(), listId);
        int cuts = 55;
        for (int i = 0; i < cuts; i++) {
            int at = 1 + (int) ((long) (whole.length() - 2) * i / (cuts - 1));
            add("truncated after " + at + " of " + whole.length() + " characters", whole.substring(0, at), "malformed_json");
        }
    }

    private void notAnObject() {
        for (String json : List.of("[]", "[" + valid(id(), listId) + "]", "42", "-1.5e10", "\"contact.subscribed\"",
                "true", "null")) {
            add("the JSON value " + (json.length() > 24 ? json.substring(0, 24) + "…" : json) + ", not an object", json, "not_an_object");
        }
    }

    private void wrongTypes() {
        List<String> wrong = List.of("42", "true", "[]", "{}", "1.5");
        for (String v : wrong) {
            add("id as " + v, with(v, q("contact.subscribed"), q(listId), q(DATE), q("api"), contact(q("a@example.com"), "{}"), ""), "invalid_fields");
            add("type as " + v, with(q(id()), v, q(listId), q(DATE), q("api"), contact(q("a@example.com"), "{}"), ""), "invalid_fields");
            add("listId as " + v, with(q(id()), q("contact.subscribed"), v, q(DATE), q("api"), contact(q("a@example.com"), "{}"), ""), "invalid_fields");
            add("occurredAt as " + v, with(q(id()), q("contact.subscribed"), q(listId), v, q("api"), contact(q("a@example.com"), "{}"), ""), "invalid_fields");
            add("source as " + v, with(q(id()), q("contact.subscribed"), q(listId), q(DATE), v, contact(q("a@example.com"), "{}"), ""), "invalid_fields");
            add("contact as " + v, with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), v.equals("{}") ? "\"c\"" : v, ""), "invalid_fields");
            add("contact.email as " + v, with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), contact(v, "{}"), ""), "invalid_fields");
        }
        for (String v : List.of("42", "true", "[]", "\"x\"")) {
            add("contact.fields as " + v, with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), contact(q("a@example.com"), v), ""), "invalid_fields");
        }
        add("a field value that is an object", base("").replace("{\"firstName\":\"Ann\"}", "{\"firstName\":{\"a\":1}}"), "invalid_fields");
        add("a field value that is an array", base("").replace("{\"firstName\":\"Ann\"}", "{\"firstName\":[1]}"), "invalid_fields");
    }

    private void missingOrNull() {
        String c = contact(q("a@example.com"), "{}");
        add("no id", with(null, q("contact.subscribed"), q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
        add("no type", with(q(id()), null, q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
        add("no listId", with(q(id()), q("contact.subscribed"), null, q(DATE), q("api"), c, ""), "invalid_fields");
        add("no occurredAt", with(q(id()), q("contact.subscribed"), q(listId), null, q("api"), c, ""), "invalid_fields");
        add("no contact", with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), null, ""), "invalid_fields");
        add("no contact.email", with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), "{\"fields\":{}}", ""), "invalid_fields");
        add("null id", with("null", q("contact.subscribed"), q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
        add("null type", with(q(id()), "null", q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
        add("null listId", with(q(id()), q("contact.subscribed"), "null", q(DATE), q("api"), c, ""), "invalid_fields");
        add("null occurredAt", with(q(id()), q("contact.subscribed"), q(listId), "null", q("api"), c, ""), "invalid_fields");
        add("null contact", with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), "null", ""), "invalid_fields");
        add("null contact.email", with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), contact("null", "{}"), ""), "invalid_fields");
        add("email_changed without previousEmail", with(q(id()), q("contact.email_changed"), q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
    }

    private void hugeStrings() {
        String c = contact(q("a@example.com"), "{}");
        for (int length : List.of(201, 5000)) {
            add("id of " + length + " characters", with(q("i".repeat(length)), q("contact.subscribed"), q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
            add("listId of " + length + " characters", with(q(id()), q("contact.subscribed"), q("l".repeat(length)), q(DATE), q("api"), c, ""), "invalid_fields");
            add("reason of " + length + " characters", with(q(id()), q("contact.cleaned"), q(listId), q(DATE), q("api"), c, ",\"reason\":" + q("r".repeat(length))), "invalid_fields");
            add("e-mail of " + length + " characters", with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), contact(q("a".repeat(length) + "@example.com"), "{}"), ""), "invalid_fields");
        }
        add("a field value of 4097 characters", base("").replace("\"Ann\"", q("v".repeat(4097))), "invalid_fields");
        add("a field value of 10000 characters", base("").replace("\"Ann\"", q("v".repeat(10000))), "invalid_fields");
        add("a field name of 101 characters", base("").replace("\"firstName\"", q("n".repeat(101))), "invalid_fields");
        add("a type of 3000 characters", with(q(id()), q("t".repeat(3000)), q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
    }

    private void deepNesting() {
        for (int depth : List.of(33, 40, 100, 1000, 2500)) {
            add("an extra field nested " + depth + " objects deep",
                    base(",\"extra\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)), "malformed_json");
        }
        for (int depth : List.of(33, 500)) {
            add("a contact field nested " + depth + " arrays deep",
                    base("").replace("\"Ann\"", "[".repeat(depth) + "]".repeat(depth)), "malformed_json");
        }
    }

    private void unknownTypes() {
        for (String type : List.of("contact.exploded", "", "SUBSCRIBE", "contact.subscribed ", "webhook.test",
                "contact.*", "null", "ünïcødé", "contact.subscribed\\u0000")) {
            add("event type '" + type + "'", with(q(id()), q(type), q(listId), q(DATE), q("api"), contact(q("a@example.com"), "{}"), ""), "invalid_fields");
        }
    }

    private void impossibleDates() {
        for (String at : List.of("2025-02-30T10:00:00Z", "2025-02-29T10:00:00Z", "2025-13-01T00:00:00Z",
                "2025-11-31T00:00:00Z", "2025-11-28T24:00:01Z", "2025-11-28T25:00:00Z", "2025-11-28T06:60:00Z",
                "2025-11-28T06:20:61Z", "2025-11-28T06:20:37", "2025-11-28", "yesterday", "",
                "1999-12-31T23:59:59Z", "2999-01-01T00:00:00Z", "2025-11-28T06:20:37+25:00",
                "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "1764310837")) {
            add("occurredAt '" + at + "'", with(q(id()), q("contact.subscribed"), q(listId), q(at), q("api"), contact(q("a@example.com"), "{}"), ""), "invalid_fields");
        }
    }

    private void controlCharacters() {
        String c = contact(q("a@example.com"), "{}");
        for (String escape : List.of("\\u0000", "\\u0007", "\\b", "\\n", "\\u001b", "\\u001f", "\\u007f")) {
            add("escaped control character " + escape + " in the id",
                    with(q(id() + escape), q("contact.subscribed"), q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
        }
        for (String escape : List.of("\\u0000", "\\r\\n", "\\t")) {
            add("escaped control character " + escape + " in the listId",
                    with(q(id()), q("contact.subscribed"), q(listId + escape), q(DATE), q("api"), c, ""), "invalid_fields");
            add("escaped control character " + escape + " in the e-mail",
                    with(q(id()), q("contact.subscribed"), q(listId), q(DATE), q("api"), contact(q("a" + escape + "@example.com"), "{}"), ""), "invalid_fields");
        }
        for (char raw : new char[] {0x00, 0x01, 0x0a, 0x1f}) {
            add("raw control character U+" + String.format("%04X", (int) raw) + " inside a string",
                    with(q(id() + raw), q("contact.subscribed"), q(listId), q(DATE), q("api"), c, ""), "malformed_json");
        }
        add("raw DEL inside the id", with(q(id() + (char) 0x7f), q("contact.subscribed"), q(listId), q(DATE), q("api"), c, ""), "invalid_fields");
    }

    private void invalidUtf8() {
        int[][] sequences = {
            {0xC3, 0x28}, {0xA0, 0xA1}, {0xE2, 0x28, 0xA1}, {0xE2, 0x82, 0x28}, {0xF0, 0x28, 0x8C, 0xBC},
            {0xF0, 0x90, 0x28, 0xBC}, {0xF8, 0xA1, 0xA1, 0xA1, 0xA1}, {0xFC, 0xA1, 0xA1, 0xA1, 0xA1, 0xA1},
            {0xFF}, {0xFE}, {0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
            {0x80}, {0xE2, 0x82}};
        for (int[] sequence : sequences) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String body = base("");
            int at = body.indexOf("Ann");
            out.writeBytes(body.substring(0, at).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int b : sequence) {
                out.write(b);
                hex.append(String.format("%02X ", b));
            }
            out.writeBytes(body.substring(at).getBytes(StandardCharsets.UTF_8));
            cases.add(new Case("invalid UTF-8 bytes " + hex.toString().trim(), out.toByteArray(), "not_utf8"));
        }
    }

    private void empty() {
        add("an empty body", "", "empty");
        add("a body of one space", " ", "empty");
        add("a body of blank lines and tabs", "\n\t \r\n", "empty");
        add("a body of only a byte order mark", "\uFEFF", "empty");
        add("a body of a byte order mark and spaces", "\uFEFF  ", "empty");
    }

    private void overTheLimit() {
        for (int size : List.of(maxBytes + 1, maxBytes * 2, maxBytes * 8)) {
            String body = base(",\"padding\":\"\"");
            String padded = body.replace("\"padding\":\"\"", "\"padding\":" + q("p".repeat(size - body.length())));
            add("a body of " + padded.getBytes(StandardCharsets.UTF_8).length + " bytes, over the limit of " + maxBytes,
                    padded, "too_large");
        }
    }

    private void badSyntax() {
        String ok = base("");
        add("a duplicate key", ok.replace("{\"id\":", "{\"id\":\"twice\",\"id\":"), "malformed_json");
        add("a duplicate nested key", ok.replace("{\"firstName\":\"Ann\"}", "{\"a\":1,\"a\":2}"), "malformed_json");
        add("trailing garbage", ok + " x", "malformed_json");
        add("two objects", ok + ok, "malformed_json");
        add("a comment", "// note\n" + ok, "malformed_json");
        add("single quotes", ok.replace("\"firstName\":\"Ann\"", "'firstName':'Ann'"), "malformed_json");
        add("NaN", ok.replace("\"Ann\"", "NaN"), "malformed_json");
        add("a trailing comma", ok.replace("}}}", "},}}"), "malformed_json");
        add("an unquoted key", ok.replace("\"firstName\"", "firstName"), "malformed_json");
    }
}
