package io.hookline.packaging;

import io.hookline.config.HooklineSettings;
import io.hookline.config.MillisFunction;
import io.hookline.config.SettingsSource;
import io.hookline.config.ShippedSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table, config/application.properties (where every default is written)
 * and the settings Hookline binds agree; routes read bound settings, durations as validated.
 */
class ConfigurationDocumentationTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(?:(\\w+):)?(hookline\\.[a-z0-9.-]+)}}");

    @Test
    void everySettingTheReadmeDocumentsIsInApplicationPropertiesAndBound() {
        SettingsSource source = ShippedSettings.source(ShippedSettings.file());
        HooklineSettings.bind(source);
        Set<String> documented = ReadmeSettings.read(Path.of("README.md")).keys();
        assertThat(ShippedSettings.hooklineKeys()).as("keys of config/application.properties").containsAll(documented);
        assertThat(source.keysRead()).as("keys Hookline binds").containsAll(documented);
    }

    @Test
    void everySettingOfApplicationPropertiesIsDocumentedInTheReadme() {
        Set<String> documented = ReadmeSettings.read(Path.of("README.md")).keys();
        assertThat(documented).containsAll(ShippedSettings.hooklineKeys());
    }

    @Test
    void routesReadOnlyBoundSettingsAndDurationsOnlyAsValidatedMilliseconds() throws IOException {
        SettingsSource source = ShippedSettings.source(ShippedSettings.file());
        HooklineSettings.bind(source);
        List<String> placeholders = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher m = PLACEHOLDER.matcher(Files.readString(file));
                while (m.find()) {
                    String function = m.group(1);
                    String key = m.group(2);
                    placeholders.add(key);
                    assertThat(source.keysRead()).as("%s in %s", key, file).contains(key);
                    if (source.durations().containsKey(key)) {
                        assertThat(function).as("duration %s in %s is read as {{millis:%s}}", key, file, key)
                                .isEqualTo(MillisFunction.NAME);
                    } else {
                        assertThat(function).as("%s in %s", key, file).isNull();
                    }
                }
            }
        }
        assertThat(placeholders).contains("hookline.delivery.scheduler-interval", "hookline.retention.interval");
    }
}
