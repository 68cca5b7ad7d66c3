package io.hookline.packaging;

import io.hookline.App;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Route reload on file change is a development aid: off as shipped, on in the dev profile. */
class ConfigProfilesTest {

    @Test
    void theDefaultConfigurationDoesNotReloadRoutes() throws IOException {
        Properties defaults = load(Path.of("config", "application.properties"));
        assertThat(defaults.getProperty("camel.main.routes-reload-enabled", "false")).isEqualTo("false");
        assertThat(defaults.getProperty("camel.main.profile")).as("no profile is active by default").isNull();
        assertThat(App.configLocations(null)).isEqualTo(App.CONFIG_LOCATION).doesNotContain("application-");
    }

    @Test
    void theDevProfileReloadsChangedRouteFilesWithoutRemovingTheOthers() throws IOException {
        Properties dev = load(Path.of("config", "application-dev.properties"));
        assertThat(dev.getProperty("camel.main.routes-reload-enabled")).isEqualTo("true");
        assertThat(dev.getProperty("camel.main.routes-reload-directory")).isEqualTo("routes");
        assertThat(dev.getProperty("camel.main.routes-reload-remove-all-routes")).isEqualTo("false");
        // the first location that sets a key wins, so the profile's file comes before the shipped one
        assertThat(App.configLocations("dev"))
                .isEqualTo("file:config/application-dev.properties;optional=true," + App.CONFIG_LOCATION);
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
