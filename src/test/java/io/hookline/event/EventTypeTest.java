package io.hookline.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeTest {

    @ParameterizedTest
    @CsvSource({
            "SUBSCRIBED, contact.subscribed, subscribe",
            "UNSUBSCRIBED, contact.unsubscribed, unsubscribe",
            "PROFILE_UPDATED, contact.profile_updated, profile",
            "EMAIL_CHANGED, contact.email_changed, upemail",
            "CLEANED, contact.cleaned, cleaned",
            "TEST, webhook.test, test"})
    void exposesTheContractNames(EventType type, String wireName, String mailchimpName) {
        assertThat(type.wireName()).isEqualTo(wireName);
        assertThat(type.mailchimpName()).isEqualTo(mailchimpName);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = "TEST", mode = EnumSource.Mode.EXCLUDE)
    void acceptsWireNameAndMailchimpAliasOfEveryContactTypeFromProducers(EventType type) {
        assertThat(EventType.fromProducerName(type.wireName())).contains(type);
        assertThat(EventType.fromProducerName(type.mailchimpName())).contains(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook.test", "test"})
    void doesNotAcceptTheTestTypeFromProducers(String name) {
        assertThat(EventType.fromProducerName(name)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void resolvesEveryWireNameIncludingWebhookTest(EventType type) {
        assertThat(EventType.fromWireName(type.wireName())).contains(type);
    }

    @Test
    void wireNameLookupDoesNotAcceptAliases() {
        assertThat(EventType.fromWireName("subscribe")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"contact.deleted", "Contact.Subscribed", "SUBSCRIBE", " subscribe"})
    void rejectsUnknownNames(String name) {
        assertThat(EventType.fromProducerName(name)).isEmpty();
        assertThat(EventType.fromWireName(name)).isEmpty();
    }
}
