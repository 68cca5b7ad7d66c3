package io.hookline.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The production logback.xml: readable lines by default, one JSON object per line when asked. */
class LogFormatTest {

    private static String logOneDeliveryLine(String format) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            if (format != null) {
                context.putProperty("hookline.log.format", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            Logger log = context.getLogger("io.hookline.delivery.DeliveryOutcomes");
            try (MDC.MDCCloseable a = MDC.putCloseable("deliveryId", "msg_1");
                 MDC.MDCCloseable b = MDC.putCloseable("webhookId", "wh_2");
                 MDC.MDCCloseable c = MDC.putCloseable("eventId", "evt_3")) {
                log.info("Delivered {} to webhook {}: HTTP {} in {} ms, attempt {}", "msg_1", "wh_2", 204, 12, 1);
            }
        } finally {
            context.stop();
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLineWithTheDeliveryIdsFromMdc() throws Exception {
        String line = logOneDeliveryLine("json");

        assertThat(line.lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loggerName").asText()).isEqualTo("io.hookline.delivery.DeliveryOutcomes");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("Delivered msg_1 to webhook wh_2: HTTP 204 in 12 ms, attempt 1");
        assertThat(json.at("/mdc/deliveryId").asText()).isEqualTo("msg_1");
        assertThat(json.at("/mdc/webhookId").asText()).isEqualTo("wh_2");
        assertThat(json.at("/mdc/eventId").asText()).isEqualTo("evt_3");
        assertThat(json.has("arguments")).isFalse();
    }

    @Test
    void withoutAFormatTheLinesStayReadableTextWithTheIds() throws Exception {
        String line = logOneDeliveryLine(null);

        assertThat(line).doesNotStartWith("{")
                .contains(" eventId=evt_3 deliveryId=msg_1 webhookId=wh_2 - ")
                .endsWith("Delivered msg_1 to webhook wh_2: HTTP 204 in 12 ms, attempt 1");
    }
}
