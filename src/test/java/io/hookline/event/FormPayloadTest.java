package io.hookline.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.hookline.event.TestEvents.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

class FormPayloadTest {

    private final WebhookPayload json = new WebhookPayload(MAPPER);
    private final FormPayload form = new FormPayload(MAPPER);

    @Test
    void rendersAnEmailChangeWithMailchimpNamesAndPercentEncoding() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FNAME", "Zoë & Ann");
        fields.put("SCORE", 4.5);
        fields.put("NOTE", null);
        ContactEvent event = new ContactEvent("evt_1", EventType.EMAIL_CHANGED, "list_42",
                Instant.parse("2026-11-28T06:20:37.900Z"), "user", "new+1@example.com", fields, "old@example.com", null);

        String body = form.render(json.render(event));

        assertThat(body).isEqualTo("type=upemail&fired_at=2026-11-28+06%3A20%3A37&data%5Bid%5D=evt_1"
                + "&data%5Bemail%5D=new%2B1%40example.com&data%5Blist_id%5D=list_42"
                + "&data%5Bmerges%5D%5BEMAIL%5D=new%2B1%40example.com&data%5Bmerges%5D%5BFNAME%5D=Zo%C3%AB+%26+Ann"
                + "&data%5Bmerges%5D%5BSCORE%5D=4.5&data%5Bmerges%5D%5BNOTE%5D="
                + "&data%5Bnew_email%5D=new%2B1%40example.com&data%5Bold_email%5D=old%40example.com");
    }

    @Test
    void rendersATestEventWithTheWebhookAndList() {
        String body = form.render(json.renderTest("wh_1", "list_42", Instant.parse("2026-01-02T03:04:05Z")));

        assertThat(body).isEqualTo("type=test&fired_at=2026-01-02+03%3A04%3A05&data%5Blist_id%5D=list_42&data%5Bwebhook_id%5D=wh_1");
    }
}
