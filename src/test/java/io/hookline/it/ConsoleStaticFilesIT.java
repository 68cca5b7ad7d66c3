package io.hookline.it;

import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RawHttp;
import io.hookline.support.RawHttp.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's files are served from the jar at /console/, without an API key, and nothing else is. */
class ConsoleStaticFilesIT extends HooklineTestSupport {

    private Answer get(String rawPath) {
        return RawHttp.request(httpPort(), "GET", rawPath);
    }

    @Test
    void theConsoleFolderServesItsPageWithoutAnApiKey() {
        Answer a = get("/console/");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(a.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(a.header("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void theConsoleWithoutItsSlashRedirectsToTheFolder() {
        Answer a = get("/console");
        assertThat(a.status()).isEqualTo(308);
        assertThat(a.header("Location")).isEqualTo("/console/");
    }

    @ParameterizedTest
    @CsvSource({
            "/console/index.html, text/html; charset=utf-8",
            "/console/app.js, text/javascript; charset=utf-8",
            "/console/chart.js, text/javascript; charset=utf-8",
            "/console/console.css, text/css; charset=utf-8",
    })
    void eachFileComesWithItsContentType(String path, String type) {
        Answer a = get(path);
        assertThat(a.status()).as(path).isEqualTo(200);
        assertThat(a.header("Content-Type")).isEqualTo(type);
        assertThat(a.body()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/nothing.js", "/console/nothing", "/console/sub/dir/", "/consolex",
            "/console/App.class", "/console/index.html.bak"})
    void anUnknownConsolePathIsAPlain404(String path) {
        Answer a = get(path);
        assertThat(a.status()).as(path).isEqualTo(404);
        assertThat(a.body()).doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/console/../config/application.properties",
            "/console/%2e%2e/config/application.properties",
            "/console/%2E%2E/%2E%2E/etc/passwd",
            "/console/..%2fconfig%2fapplication.properties",
            "/console/..%2Fpom.xml",
            "/console/%2e%2e%5cpom.xml",
            "/console/..\\pom.xml",
            "/console/.%2e/.%2e/etc/passwd",
            "/console/%252e%252e/pom.xml",
            "/console/db/migration/V1__core.sql",
            "/console/../io/hookline/App.class",
    })
    void pathTraversalIsRefused(String path) {
        Answer a = get(path);
        assertThat(a.status()).as(path).isIn(400, 404);
        assertThat(a.body()).as(path).doesNotContain("camel.main").doesNotContain("root:").doesNotContain("<project")
                .doesNotContain("CREATE TABLE");
    }

    @Test
    void onlyGetAndHeadAreServed() {
        assertThat(RawHttp.request(httpPort(), "HEAD", "/console/app.js").status()).isEqualTo(200);
        assertThat(RawHttp.request(httpPort(), "POST", "/console/app.js").status()).isIn(404, 405);
    }

    @Test
    void theApiStillNeedsItsKey() {
        assertThat(get("/api/lists/list_1/webhooks").status()).isEqualTo(401);
    }
}
