package io.hookline.it;

import io.hookline.support.Broker;
import io.hookline.support.HooklineProcess;
import io.hookline.support.SharedInfra;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** In the dev profile a route file added or changed while Hookline runs takes effect without a restart. */
class RouteReloadIT {

    private final Broker broker = new Broker(SharedInfra.brokerUrl());
    private HooklineProcess hookline;

    @AfterEach
    void tearDown() {
        if (hookline != null) {
            hookline.close();
        }
        broker.close();
    }

    private static String echoRoute(String reply) {
        return """
                - route:
                    id: reload-echo
                    from:
                      uri: activemq:queue:reload.in
                      steps:
                        - setBody:
                            constant: "%s"
                        - to: activemq:queue:reload.out
                """.formatted(reply);
    }

    @Test
    void theDevProfileLoadsANewRouteFileAndReloadsItWhenItChanges() throws Exception {
        // a directory of its own stands in for routes/, so the test never writes to the shipped routes
        Path dir = Files.createTempDirectory("hookline-reload");
        Map<String, String> s = new HashMap<>();
        s.put("camel.main.profile", "dev");
        s.put("camel.main.routes-reload-directory", dir.toString());
        s.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + dir + "/*.camel.yaml");
        s.put("hookline.broker.url", SharedInfra.brokerUrl());
        s.put("hookline.db.url", SharedInfra.jdbcUrl());
        s.put("hookline.data-dir", Files.createTempDirectory("hookline-reload-data").toString());
        s.put("hookline.api.keys", "test-api-key");
        s.put("camel.main.jmx-enabled", "false");
        hookline = HooklineProcess.start("route-reload", s);

        save(dir, "echo.camel.yaml", echoRoute("v1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "v1".equals(roundTrip()));

        save(dir, "echo.camel.yaml", echoRoute("v2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "v2".equals(roundTrip()));
    }

    /** Writes the whole file at once, as an editor's save does, so the watcher never sees it half written. */
    private static void save(Path dir, String name, String content) throws Exception {
        Path tmp = Files.writeString(dir.resolve(name + ".tmp"), content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Sends one ping to the echo route and returns its answer, or null when none came within a
     * second: a ping the route's old consumer held while it was being replaced may never come back.
     */
    private String roundTrip() {
        broker.sendText("reload.in", "ping");
        Message m = broker.receive("reload.out", 1000);
        return m == null ? null : Broker.text(m);
    }
}
