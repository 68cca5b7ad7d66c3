package io.hookline.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The kinds of contact-list event Hookline carries, with their wire and Mailchimp-style names. */
public enum EventType {

    SUBSCRIBED("contact.subscribed", "subscribe"),
    UNSUBSCRIBED("contact.unsubscribed", "unsubscribe"),
    PROFILE_UPDATED("contact.profile_updated", "profile"),
    EMAIL_CHANGED("contact.email_changed", "upemail"),
    CLEANED("contact.cleaned", "cleaned"),
    /** Sent by the management API to check a receiver; producers may not publish it. */
    TEST("webhook.test", "test");

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private static final Map<String, EventType> BY_PRODUCER_NAME = Arrays.stream(values())
            .filter(type -> type != TEST)
            .flatMap(type -> Stream.of(Map.entry(type.wireName, type), Map.entry(type.mailchimpName, type)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String wireName;
    private final String mailchimpName;

    EventType(String wireName, String mailchimpName) {
        this.wireName = wireName;
        this.mailchimpName = mailchimpName;
    }

    /** The name used in Hookline's own JSON, in and out. */
    public String wireName() {
        return wireName;
    }

    /** The name used by the Mailchimp-style form format. */
    public String mailchimpName() {
        return mailchimpName;
    }

    /** Resolves a name a producer sent: a wire name or a Mailchimp/Benchmark alias, never {@link #TEST}. */
    public static Optional<EventType> fromProducerName(String name) {
        return Optional.ofNullable(name).map(BY_PRODUCER_NAME::get);
    }

    /** Resolves any wire name, including {@code webhook.test}, e.g. when reading stored subscriptions. */
    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(name).map(BY_WIRE_NAME::get);
    }
}
