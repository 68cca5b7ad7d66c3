package io.hookline.ops;

import io.hookline.api.ApiKeyGuard;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Lets only callers with an API key in the {@code Authorization} header (as Prometheus sends its bearer
 * token) read the metrics: they tell traffic, failure rates and the JVM's state to anyone else.
 */
public final class MetricsAccess {

    private static final String UNAUTHORIZED = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"a valid API key is required: Authorization: Bearer <key>\"}";

    private final ApiKeyGuard keys;

    public MetricsAccess(ApiKeyGuard keys) {
        this.keys = keys;
    }

    /** Guards {@code metricsPath}; call once the HTTP server has started. */
    public void install(CamelContext camel, String metricsPath) {
        for (VertxPlatformHttpRouter router : camel.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            // before Camel's metrics route: the header of the request itself, never a query parameter
            router.route(metricsPath).order(-2000).handler(ctx -> {
                if (keys.isValid(ctx.request().getHeader("Authorization"))) {
                    ctx.next();
                } else {
                    ctx.response().setStatusCode(401)
                            .putHeader("WWW-Authenticate", "Bearer")
                            .putHeader("Content-Type", "application/problem+json")
                            .end(UNAUTHORIZED);
                }
            });
        }
    }
}
