package io.hookline.config;

import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** config/application.properties as shipped, read through Camel's properties component as Hookline reads it. */
public final class ShippedSettings {

    public static final Path FILE = Path.of("config", "application.properties");

    private ShippedSettings() {
    }

    public static Properties file() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(FILE)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The hookline.* keys the file sets. */
    public static Set<String> hooklineKeys() {
        Set<String> keys = new TreeSet<>();
        for (String key : file().stringPropertyNames()) {
            if (key.startsWith("hookline.")) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** A source over these properties, placeholders ({{env:HTTP_PORT:8080}}) resolved by Camel. */
    public static SettingsSource source(Properties properties) {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(properties);
        return new SettingsSource(camel.getPropertiesComponent()::resolveProperty);
    }

    /** The shipped file with some keys changed. */
    public static Properties with(String... keysAndValues) {
        Properties p = file();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }
}
