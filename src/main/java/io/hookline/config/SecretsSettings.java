package io.hookline.config;

/** {@code hookline.secrets.key}: base64 of 32 bytes; empty means the key generated into the data dir. */
public record SecretsSettings(String key) {

    static SecretsSettings bind(SettingsSource s) {
        return new SecretsSettings(s.text("hookline.secrets.key"));
    }

    public boolean configured() {
        return !key.isEmpty();
    }

    @Override
    public String toString() {
        return "SecretsSettings[key=***]";
    }
}
