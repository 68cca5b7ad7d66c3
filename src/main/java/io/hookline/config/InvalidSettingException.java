package io.hookline.config;

/** A {@code hookline.*} setting is missing or unreadable: Hookline does not start, and says which and how to fix it. */
public final class InvalidSettingException extends IllegalStateException {

    private final String key;

    InvalidSettingException(String key, String problem) {
        super(key + " " + problem + "; set it in config/application.properties (every hookline.* setting is there "
                + "with its default), the environment variable " + environmentName(key) + " or -D" + key);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Upper case, dots and dashes as underscores: how Camel reads a key from the environment. */
    static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
