package io.hookline;

/** The version sent in {@code User-Agent}, from the jar's manifest. */
public final class HooklineVersion {

    private HooklineVersion() {
    }

    public static String version() {
        String v = HooklineVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static String userAgent() {
        return "Hookline/" + version();
    }
}
