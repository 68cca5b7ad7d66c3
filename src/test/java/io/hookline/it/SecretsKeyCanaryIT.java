package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.secrets.SecretCipher;
import io.hookline.support.ApiClient;
import io.hookline.support.Broker;
import io.hookline.support.HooklineProcess;
import io.hookline.support.PrometheusScrape;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A database belongs to one secrets key from its first start: an instance with another key refuses
 * to start, even before any webhook exists. A delivery whose secret still cannot be decrypted ends
 * dead, with the reason, instead of going round for ever.
 */
class SecretsKeyCanaryIT {

    private static final String KEY = "test-api-key";
    private final List<HooklineProcess> processes = new ArrayList<>();
    private final RecordingReceiver receiver = new RecordingReceiver();

    @AfterEach
    void tearDown() {
        processes.forEach(HooklineProcess::close);
        receiver.close();
    }

    private static String newKey() {
        return Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    }

    private static Map<String, String> settings(PGSimpleDataSource db, String secretsKey) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("hookline.broker.url", SharedInfra.brokerUrl());
        s.put("hookline.db.url", SharedInfra.jdbcUrlOf(db));
        s.put("hookline.data-dir", Files.createTempDirectory("hookline-canary").toString());
        s.put("hookline.api.keys", KEY);
        s.put("hookline.secrets.key", secretsKey);
        s.put("hookline.delivery.allow-private-targets", "true");
        s.put("camel.main.jmx-enabled", "false");
        return s;
    }

    private HooklineProcess start(String name, Map<String, String> settings) {
        HooklineProcess p = HooklineProcess.start(name, settings);
        processes.add(p);
        return p;
    }

    @Test
    void aSecondInstanceWithAnotherKeyOnAFreshDatabaseRefusesToStartAndSaysWhy() throws Exception {
        PGSimpleDataSource db = SharedInfra.freshDatabase("canary_refuse");
        start("canary-first", settings(db, newKey()));
        // no webhook yet: only the canary can tell
        String anotherKey = newKey();
        assertThatThrownBy(() -> start("canary-second", settings(db, anotherKey)))
                .hasMessageContaining("exited early");
        String log = Files.readString(Path.of("target", "processes", "canary-second.log"));
        assertThat(log).contains("hookline.secrets.key is not the key this database was first started with")
                .contains("every instance sharing a database needs the same key")
                .doesNotContain(anotherKey);
    }

    @Test
    void aDeliveryWhoseSecretCannotBeDecryptedEndsDeadWithTheReasonAndCanBeRetriedOnceRepaired() throws Exception {
        PGSimpleDataSource db = SharedInfra.freshDatabase("canary_dead");
        HooklineProcess hookline = start("canary-dead", settings(db, newKey()));
        ApiClient api = new ApiClient(hookline.baseUrl(), KEY);
        String list = "list_" + UUID.randomUUID();
        String hook = api.createWebhook(list, receiver.url("/unreadable"), List.of("contact.subscribed")).get("id").asText();
        // the stored secret as another key would have written it
        String stored;
        try (Connection c = db.getConnection();
             PreparedStatement read = c.prepareStatement("SELECT secret FROM webhook WHERE id = ?");
             PreparedStatement ps = c.prepareStatement("UPDATE webhook SET secret = ? WHERE id = ?")) {
            read.setString(1, hook);
            try (var rs = read.executeQuery()) {
                rs.next();
                stored = rs.getString(1);
            }
            ps.setString(1, new SecretCipher(new SecureRandom().generateSeed(32)).encrypt(hook, "whsec_b3RoZXI="));
            ps.setString(2, hook);
            ps.executeUpdate();
        }
        String event = "e-unreadable-" + UUID.randomUUID();
        new Broker(SharedInfra.brokerUrl()).sendText("contact.events", EventDeliveryIT.event(event, "contact.subscribed", list, ""));

        await().alias("the delivery dead").atMost(Duration.ofSeconds(30))
                .until(() -> api.deliveries(hook).size() == 1 && "dead".equals(api.deliveries(hook).get(0).get("status").asText()));
        JsonNode d = api.deliveries(hook).get(0);
        assertThat(d.get("lastError").asText()).contains("secret of webhook " + hook).contains("does not decrypt");
        assertThat(d.get("attemptCount").asInt()).as("never sent unsigned").isZero();
        assertThat(receiver.received()).isEmpty();
        assertThat(PrometheusScrape.of(hookline.baseUrl(), KEY).sum("hookline_deliveries_total", "outcome=\"dead\""))
                .isEqualTo(1.0);

        // the secret put right (here: the original value back), a retry delivers it
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook SET secret = ? WHERE id = ?")) {
            ps.setString(1, stored);
            ps.setString(2, hook);
            ps.executeUpdate();
        }
        assertThat(api.call("POST", "/api/deliveries/" + d.get("id").asText() + "/retry", "").status()).isEqualTo(202);
        await().alias("the retried delivery received").atMost(Duration.ofSeconds(15))
                .until(() -> receiver.pairs().contains("/unreadable " + event));
    }
}
