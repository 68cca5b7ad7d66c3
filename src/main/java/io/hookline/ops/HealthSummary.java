package io.hookline.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves the health probes on the API port, to anyone, as a summary only: the overall status and each
 * check's name and status (UP, DOWN, UNKNOWN), 200 when up, 503 when down. Never a check's message,
 * details or exception: during an outage those name internal hosts, ports and JDBC URLs and carry
 * stack traces. Query parameters that raise Camel's exposure ({@code exposureLevel}, {@code stackTrace},
 * {@code data}) are ignored; the details are for operators, through JMX, the Camel CLI and the logs.
 */
public final class HealthSummary {

    private static final String FULL = "full";

    private final ObjectMapper mapper;

    public HealthSummary(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Answers {@code healthPath}, {@code healthPath/live} and {@code healthPath/ready}; call once the HTTP server has started. */
    public void install(CamelContext camel, String healthPath) {
        for (VertxPlatformHttpRouter router : camel.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            // "full": every check's state; what the summary leaves out of each result is decided below
            route(router, healthPath, () -> HealthCheckHelper.invoke(camel, FULL), false);
            route(router, healthPath + "/live", () -> HealthCheckHelper.invokeLiveness(camel, FULL), false);
            route(router, healthPath + "/ready", () -> HealthCheckHelper.invokeReadiness(camel, FULL), true);
        }
    }

    private void route(VertxPlatformHttpRouter router, String path, Supplier<Collection<HealthCheck.Result>> checks,
                       boolean readiness) {
        // before Camel's own routes, whatever order they were added in
        router.route(path).order(-2000).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> answer(ctx, checks, readiness));
    }

    private void answer(RoutingContext ctx, Supplier<Collection<HealthCheck.Result>> checks, boolean readiness) {
        // checks may wait seconds for a database or broker: never on the event loop
        ctx.vertx().<Map<String, Object>>executeBlocking(() -> summarize(checks.get(), readiness), false)
                .onComplete(done -> {
                    if (ctx.response().ended()) {
                        return;
                    }
                    Map<String, Object> summary = done.succeeded() ? done.result() : Map.of("status", "DOWN");
                    int status = "UP".equals(summary.get("status")) ? 200 : 503;
                    String body;
                    try {
                        body = mapper.writeValueAsString(summary);
                    } catch (JsonProcessingException e) {
                        body = "{\"status\":\"DOWN\"}";
                        status = 503;
                    }
                    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
                });
    }

    /** The summary of these results: status, then each check by name with its state, nothing else. */
    static Map<String, Object> summarize(Collection<HealthCheck.Result> results, boolean readiness) {
        List<Map<String, Object>> checks = new ArrayList<>();
        results.stream()
                .sorted(Comparator.comparing(r -> r.getCheck().getId()))
                .forEach(r -> {
                    Map<String, Object> check = new LinkedHashMap<>();
                    check.put("name", r.getCheck().getId());
                    check.put("status", r.getState().name());
                    checks.add(check);
                });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", HealthCheckHelper.isResultsUp(results, readiness) ? "UP" : "DOWN");
        summary.put("checks", checks);
        return summary;
    }
}
