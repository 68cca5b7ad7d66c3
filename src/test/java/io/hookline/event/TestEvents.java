package io.hookline.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared fixtures: a parser on a fixed clock and a valid event to vary. */
final class TestEvents {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_BYTES = 262_144;
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestEvents() {
    }

    static EventParser parser() {
        return new EventParser(MAPPER, MAX_BYTES, CLOCK);
    }

    /** The example event of DESIGN.md, without the type-specific fields. */
    static ObjectNode valid() {
        ObjectNode event = MAPPER.createObjectNode()
                .put("id", "evt_2f6c0b7e")
                .put("type", "contact.subscribed")
                .put("listId", "list_42")
                .put("occurredAt", "2026-11-28T06:20:37Z")
                .put("source", "api");
        event.putObject("contact")
                .put("email", "ann@example.com")
                .putObject("fields").put("firstName", "Ann");
        return event;
    }
}
