package io.hookline.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** The running application plus a WireMock receiver on a free port for the webhooks to call. */
public abstract class WireMockTestSupport extends HooklineTestSupport {

    protected static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    /** A receiver URL for a path. */
    protected static String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }
}
