package io.hookline;

import org.apache.camel.main.Main;

/** Starts Hookline: Camel Main with {@link HooklineConfiguration}, routes from {@code routes/}. */
public final class App {

    /** Configuration is read from the working directory, so a deployment can mount its own. */
    public static final String CONFIG_LOCATION =
            "classpath:application.properties;optional=true,file:config/application.properties;optional=true";

    private App() {
    }

    public static void main(String... args) throws Exception {
        Main main = new Main(App.class);
        main.setPropertyPlaceholderLocations(CONFIG_LOCATION);
        main.run(args);
    }
}
