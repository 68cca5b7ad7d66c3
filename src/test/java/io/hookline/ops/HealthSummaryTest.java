package io.hookline.ops;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthSummaryTest {

    @Test
    void everyCheckIsListedByNameWithItsStateAndNothingElse() {
        HealthCheck.Result database = result("database", HealthCheck.State.DOWN,
                "database unreachable: Connection to db.internal:5432 refused", new IllegalStateException("jdbc:postgresql://db.internal"));
        HealthCheck.Result broker = result("broker", HealthCheck.State.UP, null, null);

        Map<String, Object> summary = HealthSummary.summarize(List.of(database, broker), true);

        assertThat(summary).containsOnlyKeys("status", "checks");
        assertThat(summary.get("status")).isEqualTo("DOWN");
        assertThat(summary.get("checks")).isEqualTo(List.of(
                Map.of("name", "broker", "status", "UP"),
                Map.of("name", "database", "status", "DOWN")));
        assertThat(summary.toString()).doesNotContain("db.internal", "jdbc:", "Exception", "5432");
    }

    @Test
    void upWhenEveryCheckIsUp() {
        Map<String, Object> summary = HealthSummary.summarize(
                List.of(result("broker", HealthCheck.State.UP, null, null), result("context", HealthCheck.State.UP, null, null)), false);

        assertThat(summary.get("status")).isEqualTo("UP");
    }

    private static HealthCheck.Result result(String id, HealthCheck.State state, String message, Throwable error) {
        HealthCheck check = new AbstractHealthCheck(id) {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.state(state);
            }
        };
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(check).state(state);
        if (message != null) {
            builder.message(message);
        }
        if (error != null) {
            builder.error(error);
        }
        builder.detail("url", "jdbc:postgresql://db.internal:5432/hookline");
        return builder.build();
    }
}
