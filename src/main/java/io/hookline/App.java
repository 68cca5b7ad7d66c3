package io.hookline;

import org.apache.camel.main.Main;

/** Starts Hookline: Camel Main with {@link HooklineConfiguration}, routes from {@code routes/}. */
public final class App {

    /** Configuration is read from the working directory, so a deployment can mount its own. */
    public static final String CONFIG_LOCATION =
            "classpath:application.properties;optional=true,file:config/application.properties;optional=true";

    /** The profile ({@code dev}, ...) whose {@code config/application-<profile>.properties} is read on top. */
    public static final String PROFILE_PROPERTY = "camel.main.profile";

    private App() {
    }

    public static void main(String... args) throws Exception {
        Main main = new Main(App.class);
        main.setPropertyPlaceholderLocations(configLocations(profile()));
        main.run(args);
    }

    /** {@code -Dcamel.main.profile=dev}, or the environment variable {@code CAMEL_MAIN_PROFILE}. */
    static String profile() {
        String profile = System.getProperty(PROFILE_PROPERTY);
        return profile != null ? profile : System.getenv("CAMEL_MAIN_PROFILE");
    }

    /** The configuration files; where two set a key the first one wins, so the profile's comes first. */
    public static String configLocations(String profile) {
        if (profile == null || profile.isBlank()) {
            return CONFIG_LOCATION;
        }
        return "file:config/application-" + profile.trim() + ".properties;optional=true," + CONFIG_LOCATION;
    }
}
