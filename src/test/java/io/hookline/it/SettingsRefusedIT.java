package io.hookline.it;

import io.hookline.support.HooklineProcess;
import io.hookline.support.SharedInfra;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misconfiguration stops Hookline at start, with a message that names the key and the fix: a
 * duration written as a bare number (before it touches the database or the broker, also for a key
 * Camel reads in a route), and an HTTP port another program holds.
 */
class SettingsRefusedIT {

    @Test
    void aBareNumberForTheDeliveryTimeoutStopsTheStartNamingTheKey() throws IOException {
        HooklineProcess.Refusal refusal = HooklineProcess.startRefused("refused-timeout",
                settings("hookline.delivery.timeout", "15"));
        assertThat(refusal.exitCode()).isNotZero();
        assertThat(refusal.output())
                .contains("hookline.delivery.timeout = '15'")
                .contains("has no unit")
                .contains("HOOKLINE_DELIVERY_TIMEOUT")
                .doesNotContain("Apache Camel (Main) 4.18.0 (hookline) started");
    }

    @Test
    void aBareNumberForAnIntervalARouteReadsStopsTheStartNamingTheKey() throws IOException {
        HooklineProcess.Refusal refusal = HooklineProcess.startRefused("refused-retention-interval",
                settings("hookline.retention.interval", "300"));
        assertThat(refusal.exitCode()).isNotZero();
        assertThat(refusal.output())
                .contains("hookline.retention.interval = '300'")
                .contains("has no unit");
    }

    @Test
    void anHttpPortAnotherProgramHoldsStopsTheStartNamingThePortAndTheSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> settings = settings("camel.main.jmx-enabled", "false");
            settings.put("hookline.http-port", Integer.toString(taken.getLocalPort()));
            HooklineProcess.Refusal refusal = HooklineProcess.startRefused("refused-port-taken", settings);
            assertThat(refusal.exitCode()).isNotZero();
            assertThat(refusal.output())
                    .contains("the HTTP server could not listen on 0.0.0.0:" + taken.getLocalPort())
                    .contains("hookline.http-port")
                    .contains("HTTP_PORT");
        }
    }

    /** Against the shared broker and database: were the setting accepted, nothing embedded would start. */
    private static Map<String, String> settings(String key, String value) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("hookline.data-dir", Files.createTempDirectory("hookline-refused").toString());
        s.put("hookline.db.url", SharedInfra.jdbcUrl());
        s.put("hookline.broker.url", SharedInfra.brokerUrl());
        s.put("hookline.http-port", Integer.toString(SharedInfra.freePort()));
        s.put("camel.main.jmx-enabled", "false");
        s.put(key, value);
        return s;
    }
}
