package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.ApiClient;
import io.hookline.support.Broker;
import io.hookline.support.HooklineProcess;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With no broker or database configured, Hookline runs its own (ActiveMQ with OpenWire and STOMP,
 * PostgreSQL), keeps their data in the data dir across restarts, and recovers from a SIGKILL.
 */
class EmbeddedDefaultsIT {

    private final RecordingReceiver receiver = new RecordingReceiver();
    private HooklineProcess hookline;
    private Path dataDir;

    /**
     * A graceful stop, which stops the embedded PostgreSQL with Hookline; and whatever PostgreSQL
     * still holds the data dir after it (a kill, a failed start) is stopped too, so nothing this
     * test started outlives it.
     */
    @AfterEach
    void tearDown() throws Exception {
        try {
            if (hookline != null) {
                hookline.stop();
            }
        } finally {
            receiver.close();
            if (dataDir != null) {
                HooklineProcess.stopPostgresHolding(dataDir.resolve("postgres"));
            }
        }
    }

    @Test
    void runsOnEmbeddedBrokerAndDatabaseWhoseDataSurvivesRestartsAndKills() throws Exception {
        dataDir = Files.createTempDirectory("hookline-embedded");
        int openwire = SharedInfra.freePort();
        int stomp = SharedInfra.freePort();
        Map<String, String> settings = Map.of(
                "hookline.data-dir", dataDir.toString(),
                "hookline.broker.embedded.openwire", "tcp://127.0.0.1:" + openwire,
                "hookline.broker.embedded.stomp", "stomp://127.0.0.1:" + stomp,
                "hookline.delivery.allow-private-targets", "true",
                "camel.main.jmx-enabled", "false");
        hookline = HooklineProcess.start("embedded-1", settings);

        // no key configured: one is generated into the data dir, and so is the broker's password
        String key = Files.readString(dataDir.resolve("api-key")).trim();
        assertThat(key).isNotBlank();
        String brokerPassword = Files.readString(dataDir.resolve("broker-password")).trim();
        assertThat(brokerPassword).isNotBlank();
        ApiClient api = new ApiClient(hookline.baseUrl(), key);
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, receiver.url("/embedded"), List.of("contact.subscribed")).get("id").asText();

        // the broker's ports let no one in without its user
        String anonymous = "e-anon-" + UUID.randomUUID();
        assertThatThrownBy(() -> Broker.sendStomp(stomp, "contact.events",
                EventDeliveryIT.event(anonymous, "contact.subscribed", list, "")))
                .hasMessageContaining("STOMP login refused");
        assertThatThrownBy(() -> new Broker("tcp://127.0.0.1:" + openwire).sendText("contact.events",
                EventDeliveryIT.event(anonymous, "contact.subscribed", list, "")))
                .hasCauseInstanceOf(jakarta.jms.JMSSecurityException.class);

        String overOpenwire = "e-ow-" + UUID.randomUUID();
        new Broker("tcp://127.0.0.1:" + openwire, "hookline", brokerPassword).sendText("contact.events",
                EventDeliveryIT.event(overOpenwire, "contact.subscribed", list, ""));
        String overStomp = "e-st-" + UUID.randomUUID();
        Broker.sendStomp(stomp, "hookline", brokerPassword, "contact.events",
                EventDeliveryIT.event(overStomp, "contact.subscribed", list, ""));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                receiver.pairs().containsAll(List.of("/embedded " + overOpenwire, "/embedded " + overStomp)));

        // a graceful restart keeps webhooks, deliveries and the key
        hookline.stop();
        hookline = HooklineProcess.start("embedded-2", settings);
        api = new ApiClient(hookline.baseUrl(), key);
        JsonNode webhook = api.get("/api/webhooks/" + hook).json();
        assertThat(webhook.get("url").asText()).isEqualTo(receiver.url("/embedded"));
        assertThat(api.deliveries(hook)).hasSize(2);

        // SIGKILL leaves the embedded PostgreSQL running on the data dir; the next start takes over
        hookline.kill();
        hookline = HooklineProcess.start("embedded-3", settings);
        api = new ApiClient(hookline.baseUrl(), key);
        String afterKill = "e-kill-" + UUID.randomUUID();
        new Broker("tcp://127.0.0.1:" + openwire, "hookline", brokerPassword).sendText("contact.events",
                EventDeliveryIT.event(afterKill, "contact.subscribed", list, ""));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.pairs().contains("/embedded " + afterKill));
        assertThat(api.deliveries(hook)).hasSize(3);
        assertThat(receiver.pairs()).as("the anonymous event never arrived").noneMatch(p -> p.contains(anonymous));

        // a graceful stop takes its PostgreSQL with it, the one it took over after the kill included
        long postgresPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
        hookline.stop();
        hookline = null;
        await().alias("the embedded PostgreSQL has stopped with Hookline").atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(postgresPid).map(p -> !p.isAlive()).orElse(true));
    }
}
