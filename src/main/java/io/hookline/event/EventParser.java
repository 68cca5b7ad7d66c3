package io.hookline.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import static io.hookline.event.InvalidEventException.EMPTY;
import static io.hookline.event.InvalidEventException.MALFORMED_JSON;
import static io.hookline.event.InvalidEventException.NOT_AN_OBJECT;
import static io.hookline.event.InvalidEventException.NOT_UTF8;
import static io.hookline.event.InvalidEventException.TOO_LARGE;
import static io.hookline.event.InvalidEventException.UNSUPPORTED_MESSAGE_TYPE;

/**
 * Reads an incoming event message body (JSON as text or bytes) into a {@link ContactEvent}, or throws an
 * {@link InvalidEventException} saying why not. Thread-safe.
 */
public final class EventParser {

    static final int MAX_NESTING_DEPTH = 32;

    private static final String DUPLICATE_FIELD = "Duplicate field '";
    private static final Pattern LIMIT_ORIGIN = Pattern.compile(", from .*\\)$");

    private final int maxBytes;
    private final JsonFactory jsonFactory;
    private final ObjectReader treeReader;
    private final EventFieldReader fieldReader;

    public EventParser(ObjectMapper mapper, int maxBytes) {
        this(mapper, maxBytes, Clock.systemUTC());
    }

    /** @param clock decides what "in the future" means for {@code occurredAt} */
    public EventParser(ObjectMapper mapper, int maxBytes, Clock clock) {
        Objects.requireNonNull(mapper, "mapper");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        // A factory of our own, so the shared mapper's leniencies (comments, single quotes...) never apply here.
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(maxBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        // Decimals as BigDecimal, so no digit is lost; the webhook body writes them without trailing zeros
        // (9.50 as 9.5), as it always has (see WebhookPayload)
        this.treeReader = mapper.reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        this.fieldReader = new EventFieldReader(clock);
    }

    /**
     * @param body a {@code String} or UTF-8 {@code byte[]}; other types (e.g. the Map of a JMS MapMessage)
     *             are rejected
     * @throws InvalidEventException if the body is not an acceptable event
     */
    public ContactEvent parse(Object body) {
        JsonNode root = readJson(toText(body));
        if (!root.isObject()) {
            throw new InvalidEventException(NOT_AN_OBJECT,
                    "event must be a JSON object, not " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return fieldReader.read(root);
    }

    private String toText(Object body) {
        String text;
        if (body == null) {
            throw emptyBody();
        } else if (body instanceof byte[] bytes) {
            if (bytes.length > maxBytes) {
                throw tooLarge();
            }
            text = decodeUtf8(bytes);
        } else if (body instanceof String string) {
            if (utf8Length(string) > maxBytes) {
                throw tooLarge();
            }
            text = string;
        } else {
            throw new InvalidEventException(UNSUPPORTED_MESSAGE_TYPE, "message body of type "
                    + body.getClass().getName() + " is not supported; send the event as JSON text or bytes");
        }
        // RFC 8259 lets parsers ignore a byte order mark, and some producers still send one.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw emptyBody();
        }
        return text;
    }

    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more chars than bytes, so the output cannot overflow.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidEventException(NOT_UTF8, "body is not valid UTF-8 (bad byte sequence at offset "
                    + in.position() + ")");
        }
        return out.flip().toString();
    }

    /** The UTF-8 size of {@code text}, counted without encoding it; stops early once past the limit. */
    private long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= maxBytes; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                throw new InvalidEventException(NOT_UTF8,
                        "body cannot be encoded as UTF-8 (unpaired surrogate at index " + i + ")");
            }
        }
        return bytes;
    }

    private JsonNode readJson(String json) {
        try (JsonParser parser = jsonFactory.createParser(json)) {
            try {
                JsonNode root = treeReader.readTree(parser);
                if (parser.nextToken() != null) {
                    throw malformed("unexpected content after the JSON value", parser.currentTokenLocation());
                }
                return root;
            } catch (JsonProcessingException e) {
                // Limit violations carry no location of their own.
                throw malformed(describe(e), e.getLocation() != null ? e.getLocation() : parser.currentLocation());
            }
        } catch (IOException e) {
            // Reading from a String does no I/O.
            throw new UncheckedIOException(e);
        }
    }

    // Jackson's own messages may quote long stretches of the body, so they are replaced by short ones.
    private static String describe(JsonProcessingException e) {
        String original = Objects.requireNonNullElse(e.getOriginalMessage(), "");
        if (e instanceof StreamConstraintsException) {
            return LIMIT_ORIGIN.matcher(original).replaceFirst(")").toLowerCase(Locale.ROOT);
        }
        if (e instanceof JsonEOFException) {
            return "unexpected end of input";
        }
        if (original.startsWith(DUPLICATE_FIELD) && original.endsWith("'")) {
            return "duplicate key " + Text.quote(original.substring(DUPLICATE_FIELD.length(), original.length() - 1));
        }
        return "invalid JSON syntax";
    }

    private static InvalidEventException malformed(String detail, JsonLocation location) {
        String where = location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new InvalidEventException(MALFORMED_JSON, "malformed JSON" + where + ": " + detail);
    }

    private InvalidEventException tooLarge() {
        return new InvalidEventException(TOO_LARGE, "event is larger than the limit of " + maxBytes + " bytes");
    }

    private static InvalidEventException emptyBody() {
        return new InvalidEventException(EMPTY, "event body is empty");
    }
}
