package io.hookline.console;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request paths the console's file server answers, and how; the files come from the test classpath. */
class ConsoleAssetsTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private final ConsoleAssets assets = new ConsoleAssets("console");

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    private Exchange serve(String path) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        exchange.getMessage().setHeader("Authorization", "Bearer secret");
        assets.serve(exchange);
        return exchange;
    }

    private static int status(Exchange e) {
        return e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    @Test
    void theFolderAnswersItsIndexPage() {
        Exchange e = serve("/console/");
        assertThat(status(e)).isEqualTo(200);
        assertThat(e.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
        assertThat(e.getMessage().getBody(String.class)).contains("<html");
        // request headers are not echoed back
        assertThat(e.getMessage().getHeader("Authorization")).isNull();
    }

    @Test
    void modulesAreServedAsJavaScriptForTheBrowserToRunThem() {
        assertThat(serve("/console/app.js").getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("text/javascript; charset=utf-8");
    }

    @Test
    void theMountWithoutSlashRedirects() {
        Exchange e = serve("/console");
        assertThat(status(e)).isEqualTo(308);
        assertThat(e.getMessage().getHeader("Location")).isEqualTo("/console/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/..%2fpom.xml", "/console/%2e%2e%2Fpom.xml", "/console/a/..%2F..%2Fx.js",
            "/console/..%5cpom.xml", "/console/x%00.js", "/console/%2Fetc/passwd", "/console/%zz.js"})
    void encodedTraversalIsABadRequest(String path) {
        assertThat(status(serve(path))).as(path).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/missing.js", "/console/.hidden.js", "/console/app.js.map", "/console/app",
            "/console/a//b.js", "/consoles", "/other/app.js"})
    void unknownOrOddNamesAreNotFound(String path) {
        assertThat(status(serve(path))).as(path).isEqualTo(404);
    }

    @Test
    void missingFilesAreNotCachedSoRequestsForThemCannotGrowTheCache() {
        for (int i = 0; i < 100; i++) {
            assertThat(status(serve("/console/missing-" + i + ".js"))).isEqualTo(404);
        }
        assertThat(assets.cachedFiles()).as("files cached after 100 requests for missing ones").isZero();
        assertThat(status(serve("/console/app.js"))).isEqualTo(200);
        assertThat(status(serve("/console/app.js"))).isEqualTo(200);
        assertThat(assets.cachedFiles()).as("files cached after serving app.js twice").isEqualTo(1);
    }
}
