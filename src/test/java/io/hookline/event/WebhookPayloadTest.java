package io.hookline.event;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.hookline.event.TestEvents.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookPayloadTest {

    private final WebhookPayload payload = new WebhookPayload(MAPPER);

    @Test
    void rendersEveryFieldInContractOrder() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lastName", "Lee");
        fields.put("firstName", "Ann");
        ContactEvent event = new ContactEvent("evt_1", EventType.EMAIL_CHANGED, "list_42",
                Instant.parse("2026-11-28T06:20:37Z"), "user", "ann@example.com", fields, "old@example.com",
                "moved");

        JsonNode json = MAPPER.readTree(payload.render(event));

        assertThat(json.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
        assertThat(json.get("type").textValue()).isEqualTo("contact.email_changed");
        assertThat(json.get("timestamp").textValue()).isEqualTo("2026-11-28T06:20:37Z");

        JsonNode data = json.get("data");
        assertThat(data.fieldNames()).toIterable()
                .containsExactly("eventId", "listId", "contact", "source", "previousEmail", "reason");
        assertThat(data.get("eventId").textValue()).isEqualTo("evt_1");
        assertThat(data.get("listId").textValue()).isEqualTo("list_42");
        assertThat(data.get("source").textValue()).isEqualTo("user");
        assertThat(data.get("previousEmail").textValue()).isEqualTo("old@example.com");
        assertThat(data.get("reason").textValue()).isEqualTo("moved");

        JsonNode contact = data.get("contact");
        assertThat(contact.fieldNames()).toIterable().containsExactly("email", "fields");
        assertThat(contact.get("email").textValue()).isEqualTo("ann@example.com");
        assertThat(contact.get("fields").fieldNames()).toIterable().containsExactly("lastName", "firstName");
        assertThat(contact.get("fields").get("lastName").textValue()).isEqualTo("Lee");
        assertThat(contact.get("fields").get("firstName").textValue()).isEqualTo("Ann");
    }

    @Test
    void omitsOptionalFieldsThatAreNull() throws Exception {
        ContactEvent event = new ContactEvent("evt_1", EventType.SUBSCRIBED, "list_42",
                Instant.parse("2026-11-28T06:20:37Z"), null, "ann@example.com", Map.of(), null, null);

        JsonNode data = MAPPER.readTree(payload.render(event)).get("data");

        assertThat(data.fieldNames()).toIterable().containsExactly("eventId", "listId", "contact");
        assertThat(data.get("contact").get("fields").isObject()).isTrue();
        assertThat(data.get("contact").get("fields").isEmpty()).isTrue();
    }

    @Test
    void rendersTheTimestampInUtc() throws Exception {
        ContactEvent event = TestEvents.parser().parse(
                TestEvents.valid().put("occurredAt", "2026-11-28T07:20:37.123+01:00").toString());

        JsonNode json = MAPPER.readTree(payload.render(event));

        assertThat(json.get("timestamp").textValue()).isEqualTo("2026-11-28T06:20:37.123Z");
    }

    @Test
    void keepsFieldValueTypes() throws Exception {
        String body = TestEvents.valid().toString().replace("{\"firstName\":\"Ann\"}",
                "{\"age\":41,\"score\":9.50,\"vip\":false,\"phone\":null,\"note\":\"a\\\"b\\nc\"}");
        ContactEvent event = TestEvents.parser().parse(body);

        JsonNode fields = MAPPER.readTree(payload.render(event)).get("data").get("contact").get("fields");

        assertThat(fields.fieldNames()).toIterable().containsExactly("age", "score", "vip", "phone", "note");
        assertThat(fields.get("age").isIntegralNumber()).isTrue();
        assertThat(fields.get("age").intValue()).isEqualTo(41);
        assertThat(fields.get("score").decimalValue()).isEqualByComparingTo(new BigDecimal("9.50"));
        assertThat(fields.get("vip").isBoolean()).isTrue();
        assertThat(fields.get("vip").booleanValue()).isFalse();
        assertThat(fields.get("phone").isNull()).isTrue();
        assertThat(fields.get("note").textValue()).isEqualTo("a\"b\nc");
    }

    @Test
    void rendersAParsedEventWithTheProducersDataAndTheWireTypeName() throws Exception {
        ContactEvent event = TestEvents.parser().parse(TestEvents.valid()
                .put("type", "cleaned").put("reason", "hard_bounce").toString());

        JsonNode json = MAPPER.readTree(payload.render(event));

        assertThat(json.get("type").textValue()).isEqualTo("contact.cleaned");
        assertThat(json.get("data").get("eventId").textValue()).isEqualTo("evt_2f6c0b7e");
        assertThat(json.get("data").get("contact").get("fields").get("firstName").textValue()).isEqualTo("Ann");
        assertThat(json.get("data").get("source").textValue()).isEqualTo("api");
        assertThat(json.get("data").get("reason").textValue()).isEqualTo("hard_bounce");
        assertThat(json.get("data").has("previousEmail")).isFalse();
    }

    @Test
    void rendersTheWebhookTestEvent() throws Exception {
        String body = payload.renderTest("wh_7", "list_42", Instant.parse("2026-11-28T06:20:37.500Z"));

        JsonNode json = MAPPER.readTree(body);

        assertThat(json.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
        assertThat(json.get("type").textValue()).isEqualTo("webhook.test");
        assertThat(json.get("timestamp").textValue()).isEqualTo("2026-11-28T06:20:37.500Z");
        assertThat(json.get("data").fieldNames()).toIterable().containsExactly("webhookId", "listId");
        assertThat(json.get("data").get("webhookId").textValue()).isEqualTo("wh_7");
        assertThat(json.get("data").get("listId").textValue()).isEqualTo("list_42");
    }

    @Test
    void rendersCompactJson() {
        String body = payload.renderTest("wh_7", "list_42", Instant.parse("2026-11-28T06:20:37Z"));

        assertThat(body).isEqualTo("{\"type\":\"webhook.test\",\"timestamp\":\"2026-11-28T06:20:37Z\","
                + "\"data\":{\"webhookId\":\"wh_7\",\"listId\":\"list_42\"}}");
    }

    @Test
    void rendersTheBytesReceiversHaveAlwaysGot() {
        // numbers as the producer wrote them but without trailing zeros, strings escaped only where JSON must
        String body = """
                {"id":"e1","type":"contact.email_changed","listId":"l\\u00e9\\"<>&\\u2028","occurredAt":"2026-11-28T07:20:37.120+01:00",
                 "source":"api","previousEmail":"old@example.com","reason":"moved",
                 "contact":{"email":"ann@example.com","fields":{"a":9.50,"b":1E+3,"c":1e-7,
                 "d":123456789012345678901234567890,"e":-0,"f":-0.0,"g":12,"h":3000000000,"i":true,"j":null,
                 "k":"x\\u0001\\ud83d\\ude00\\u00e9\\/\\t","l":0.000,"m":1.0E10,"n":100,"o":-12.340,"p":"","q":false}}}""";

        String rendered = payload.render(TestEvents.parser().parse(body));

        assertThat(rendered).isEqualTo("{\"type\":\"contact.email_changed\",\"timestamp\":\"2026-11-28T06:20:37.120Z\","
                + "\"data\":{\"eventId\":\"e1\",\"listId\":\"l\u00e9\\\"<>&\u2028\",\"contact\":{\"email\":\"ann@example.com\","
                + "\"fields\":{\"a\":9.5,\"b\":1E+3,\"c\":1E-7,\"d\":123456789012345678901234567890,\"e\":0,\"f\":0,"
                + "\"g\":12,\"h\":3000000000,\"i\":true,\"j\":null,\"k\":\"x\\u0001\ud83d\ude00\u00e9/\\t\",\"l\":0,"
                + "\"m\":1E+10,\"n\":100,\"o\":-12.34,\"p\":\"\",\"q\":false}},"
                + "\"source\":\"api\",\"previousEmail\":\"old@example.com\",\"reason\":\"moved\"}}");
    }
}
