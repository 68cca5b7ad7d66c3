package io.hookline.config;

/**
 * The HTTP side: {@code hookline.http-port} (API, health and metrics; Camel's server reads it too) and
 * {@code hookline.api.keys} (empty: one is generated into the data dir).
 */
public record ApiSettings(int httpPort, String keys) {

    static ApiSettings bind(SettingsSource s) {
        return new ApiSettings(
                s.integer("hookline.http-port", 0, 65535),
                s.text("hookline.api.keys"));
    }

    @Override
    public String toString() {
        return "ApiSettings[httpPort=" + httpPort + ", keys=***]";
    }
}
