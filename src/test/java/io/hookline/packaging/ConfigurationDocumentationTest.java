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

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
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
    void theDefaultsTheReadmeShowsAreTheValuesApplicationPropertiesSets() throws IOException {
        SettingsSource source = ShippedSettings.source(ShippedSettings.file());
        int rows = 0;
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("| key | default |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (!inTable || !line.startsWith("| `")) {
                continue;
            }
            String[] columns = line.split("\\|");
            List<String> keys = keysOf(columns[1]);
            if (keys.isEmpty()) {
                continue; // an environment-only setting (HOOKLINE_LOG_FORMAT)
            }
            rows++;
            String defaults = columns[2].strip();
            if (defaults.startsWith("empty")) {
                for (String key : keys) {
                    assertThat(source.text(key)).as("%s is empty by default", key).isEmpty();
                }
                continue;
            }
            List<String> values = new ArrayList<>();
            Matcher m = CODE.matcher(defaults);
            while (m.find()) {
                values.add(m.group(1));
            }
            assertThat(values).as("defaults shown for %s", keys).hasSameSizeAs(keys);
            for (int i = 0; i < keys.size(); i++) {
                assertThat(source.text(keys.get(i))).as("default of %s", keys.get(i)).isEqualTo(values.get(i));
            }
        }
        assertThat(rows).as("rows of the README's settings table").isGreaterThan(30);
    }

    /** The property keys of a first column: `hookline.db.username` / `.password`; (env) names left out. */
    private static List<String> keysOf(String column) {
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`( \\(env\\))?").matcher(column);
        while (m.find()) {
            if (m.group(2) != null) {
                continue;
            }
            String token = m.group(1);
            if (token.startsWith(".") && !keys.isEmpty()) {
                String previous = keys.get(keys.size() - 1);
                token = previous.substring(0, previous.lastIndexOf('.')) + token;
            }
            keys.add(token);
        }
        return keys;
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
