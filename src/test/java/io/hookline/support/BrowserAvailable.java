package io.hookline.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Browser tests run where Chromium and chromedriver are installed, and are skipped with the reason
 * elsewhere, before Hookline is started for them; with HOOKLINE_REQUIRE_BROWSER=1 (CI) a missing
 * browser fails them instead.
 */
public final class BrowserAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = Browser.missing();
        if (missing == null) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
        }
        String reason = "browser tests need " + missing
                + " (Debian: apt-get install chromium chromium-driver; or set HOOKLINE_CHROMIUM / HOOKLINE_CHROMEDRIVER)";
        if ("1".equals(System.getenv("HOOKLINE_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("HOOKLINE_REQUIRE_BROWSER=1 but " + reason);
        }
        return ConditionEvaluationResult.disabled("Skipped: " + reason);
    }
}
