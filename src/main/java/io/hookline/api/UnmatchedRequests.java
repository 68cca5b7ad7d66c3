package io.hookline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers requests no route takes, an unknown /api path (404), a method a path does not
 * have (405) or an Accept header its route does not produce for (406), and requests the HTTP server itself refuses (a body over its limit: 413), as
 * problem+json like every other API error, instead of the HTTP server's HTML or empty page.
 */
public final class UnmatchedRequests {

    private final ObjectMapper mapper;

    public UnmatchedRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Installs the answers on the HTTP server's router; call once the context has started it. */
    public void install(CamelContext context) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            // failures before any route runs, e.g. a body over camel.server.max-body-size (413)
            router.route("/api/*").order(-1000).failureHandler(ctx -> {
                if (ctx.response().ended() || ctx.response().headWritten()) {
                    return;
                }
                int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
                answer(ctx, status, status == 413 ? "Payload too large" : status < 500 ? "Invalid request" : "Internal error",
                        status == 413 ? "the request body is larger than the server accepts"
                                : status < 500 ? "the request could not be read" : "the request could not be completed");
            });
            // a path the router cannot decode (e.g. "%zz") matches no path pattern, so no /api/* route can take it
            router.route().order(-1001).failureHandler(ctx -> {
                String raw = ctx.request().path();
                if (ctx.response().ended() || ctx.response().headWritten() || raw == null || !raw.startsWith("/api/")) {
                    ctx.next();
                    return;
                }
                int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
                answer(ctx, status, status == 413 ? "Payload too large" : status < 500 ? "Invalid request" : "Internal error",
                        status == 413 ? "the request body is larger than the server accepts"
                                : status < 500 ? "the request could not be read" : "the request could not be completed");
            });
            // after every route, whenever routes are added
            router.route("/api/*").last().handler(ctx -> {
                String method = ctx.request().method().name();
                // as routed: "/api/webhooks/%2E%2E" is "/api/", not a webhook id
                String path = ctx.normalizedPath();
                if (pathMatches(router, path, method, true)) {
                    // the route exists for this method; it declined the request for its Accept header
                    ApiProblem p = JsonAccept.notAcceptable();
                    answer(ctx, p.status(), p.title(), p.detail());
                } else if (pathMatches(router, path, method, false)) {
                    answer(ctx, 405, "Method not allowed", method + " is not allowed on " + path);
                } else {
                    answer(ctx, 404, "Not found", "there is no " + path);
                }
            });
        }
    }

    /** Whether a route of the API has this path, with this method or (sameMethod false) another. */
    private static boolean pathMatches(Router router, String path, String method, boolean sameMethod) {
        for (Route route : router.getRoutes()) {
            String pattern = route.getPath();
            if (pattern == null || route.methods() == null || pattern.endsWith("*")) {
                continue;
            }
            // vert.x path parameters (":id") match one segment
            String regex = Pattern.quote(pattern).replaceAll(":[A-Za-z0-9_]+", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && route.methods().stream().anyMatch(m -> m.name().equals(method)) == sameMethod) {
                return true;
            }
        }
        return false;
    }

    private void answer(RoutingContext ctx, int status, String title, String detail) {
        ctx.response().setStatusCode(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.request().path());
        try {
            ctx.response().putHeader("Content-Type", "application/problem+json").end(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().end();
        }
    }
}
