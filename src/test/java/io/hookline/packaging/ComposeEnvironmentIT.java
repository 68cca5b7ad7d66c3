package io.hookline.packaging;

import io.hookline.support.ApiClient;
import io.hookline.support.HooklineProcess;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Hookline starts and becomes ready with the environment docker-compose.yml gives an instance,
 * every value as written there, only the addresses of the broker and database (and the data
 * directory) pointed at the test's own, as no Docker engine runs here.
 */
class ComposeEnvironmentIT {

    @Test
    void anInstanceStartsReadyWithTheComposeEnvironment() throws Exception {
        Map<String, Object> compose = ComposeFile.load(Path.of("docker-compose.yml"));
        Map<String, String> shell = Map.of(
                "HOOKLINE_API_KEYS", "compose-key",
                "HOOKLINE_SECRETS_KEY", SharedInfra.SECRETS_KEY,
                "HOOKLINE_BROKER_PASSWORD", "compose-broker-password",
                "HOOKLINE_DB_PASSWORD", "compose-db-password",
                "ACTIVEMQ_WEB_PASSWORD", "compose-console-password");
        // without any one of them, compose refuses to start and says which
        for (String required : shell.keySet()) {
            Map<String, String> without = new HashMap<>(shell);
            without.remove(required);
            assertThatThrownBy(() -> {
                for (String service : java.util.List.of("hookline-1", "hookline-2", "activemq", "postgres")) {
                    ComposeFile.environment(compose, service, without);
                }
            }).as("compose refuses to start without %s", required).hasMessageContaining(required);
        }
        for (String service : java.util.List.of("activemq", "postgres")) {
            assertThat(ComposeFile.environment(compose, service, shell).values())
                    .as("%s takes its passwords from the shell", service)
                    .containsAnyOf("compose-broker-password", "compose-db-password");
        }

        Map<String, String> env = new HashMap<>(ComposeFile.environment(compose, "hookline-1", shell));
        env.put("HOOKLINE_BROKER_URL", "failover:(" + SharedInfra.brokerUrl() + ")");
        env.put("HOOKLINE_DB_URL", SharedInfra.jdbcUrl());
        env.put("HOOKLINE_DB_USERNAME", "postgres");
        env.put("HOOKLINE_DATA_DIR", Files.createTempDirectory("hookline-compose").toString());
        env.remove("HTTP_PORT"); // the test picks a free port
        try (HooklineProcess hookline = HooklineProcess.start("compose-environment", Map.of("camel.main.jmx-enabled", "false"), env)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            await().atMost(Duration.ofSeconds(60)).until(() -> http.send(
                    HttpRequest.newBuilder(URI.create(hookline.baseUrl() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            assertThat(new ApiClient(hookline.baseUrl(), "compose-key").get("/api/lists/list_1/webhooks").status()).isEqualTo(200);
            assertThat(new ApiClient(hookline.baseUrl(), "another-key").get("/api/lists/list_1/webhooks").status()).isEqualTo(401);
        }
    }
}
