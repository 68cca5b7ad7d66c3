package io.hookline.it;

import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RecordingReceiver;
import io.hookline.support.SharedInfra;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the database: a PostgreSQL of this test's own is stopped under a running
 * Hookline and started again on the same files and port; nothing published meanwhile is lost.
 */
class ReadinessIT extends HooklineTestSupport {

    private static Path pgData;
    private static int pgPort;
    private static EmbeddedPostgres postgres;
    private final RecordingReceiver receiver = new RecordingReceiver();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected void tune(Properties p) {
        if (postgres == null) {
            try {
                pgData = Files.createTempDirectory("hookline-readiness-pg");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pgPort = SharedInfra.freePort();
            postgres = startPostgres();
        }
        p.setProperty("hookline.db.url", postgres.getJdbcUrl("postgres", "postgres"));
        // a delivery whose claim failed for lack of the database comes back after its lease
        p.setProperty("hookline.delivery.lease", "3s");
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(pgPort)
                    .setServerConfig("fsync", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopEverything() throws IOException {
        context.stop();
        receiver.close();
        postgres.close();
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String publish(String list) {
        String id = "e-" + UUID.randomUUID();
        broker.sendText("contact.events", EventDeliveryIT.event(id, "contact.subscribed", list, ""));
        return id;
    }

    private long receivedOf(List<String> eventIds) {
        return eventIds.stream().filter(id -> receiver.pairs().contains("/ready " + id)).count();
    }

    @Test
    void readinessGoesDownWithoutTheDatabaseAndUpWhenItReturnsWithNoEventLost() throws IOException {
        String list = "list-ready";
        api.createWebhook(list, receiver.url("/ready"), List.of("contact.subscribed"));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(publish(list));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedOf(events) == 3);
        assertThat(get("/q/health/ready").statusCode()).isEqualTo(200);

        postgres.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/q/health/ready").statusCode() == 503);
        assertThat(get("/q/health").body())
                .contains("{\"name\":\"database\",\"status\":\"DOWN\"}")
                .contains("{\"name\":\"broker\",\"status\":\"UP\"}");
        // anyone may ask for more; during the outage the answer is still the summary: no stack
        // trace, no exception, no host name, port or JDBC URL of the database
        HttpResponse<String> asked = get("/q/health?exposureLevel=full&stackTrace=true&data=true");
        assertThat(asked.statusCode()).isEqualTo(503);
        assertThat(asked.body())
                .contains("{\"name\":\"database\",\"status\":\"DOWN\"}")
                .doesNotContain("Exception", "\tat ", "stackTrace", "localhost", "127.0.0.1", "jdbc:",
                        Integer.toString(pgPort), "message", "details");
        assertThat(get("/q/health/ready?exposureLevel=full&stackTrace=true&data=true").body())
                .doesNotContain("Exception", "\tat ", "localhost", "jdbc:", Integer.toString(pgPort));
        // a database outage is waited out, not a reason to restart the process
        assertThat(get("/q/health/live").statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            events.add(publish(list));
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> get("/q/health/ready").statusCode() == 503);

        postgres = startPostgres();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(90)).until(() -> receivedOf(events) == events.size());
    }
}
