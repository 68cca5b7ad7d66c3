package io.hookline.api;

import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * Stops the start-up when the HTTP server did not bind its port. Camel logs the failed bind and
 * starts anyway: a Hookline that delivers but that no probe, producer or operator can reach, and
 * that whatever holds the port answers for.
 */
public final class ListeningCheck {

    private ListeningCheck() {
    }

    /** Throws, naming the port and how to change it, unless the server listens; call once the context has started. */
    public static void require(CamelContext camel) {
        VertxPlatformHttpServer server = camel.hasService(VertxPlatformHttpServer.class);
        // Vert.x tells whether the bind held only on its server implementation (actualPort() answers
        // the configured port either way); another implementation is trusted, as Camel does
        if (server != null && server.getServer() instanceof TCPServerBase tcp && !tcp.isListening()) {
            throw new IllegalStateException("the HTTP server could not listen on " + server.getHost() + ":"
                    + server.getConfigurationPort() + " (does another program hold the port?): free it, or set "
                    + "another port with hookline.http-port or the environment variable HTTP_PORT");
        }
    }
}
