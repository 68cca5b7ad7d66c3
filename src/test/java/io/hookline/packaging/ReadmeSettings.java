package io.hookline.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings documented in the README's {@code ## Configuration} table: property keys
 * ({@code hookline.db.url}, with {@code `.password`} short for a sibling of the key before it)
 * and environment-only names ({@code `HTTP_PORT` (env)}).
 */
final class ReadmeSettings {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`( \\(env\\))?");
    private final Set<String> keys = new LinkedHashSet<>();
    // environment variable name -> property key, or null for an environment-only setting
    private final Map<String, String> envNames = new LinkedHashMap<>();
    // key -> the environment-only name documented on the same row (HTTP_PORT for hookline.http-port)
    private final Map<String, String> aliases = new LinkedHashMap<>();

    static ReadmeSettings read(Path readme) {
        try {
            return parse(Files.readAllLines(readme));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadmeSettings parse(List<String> lines) {
        ReadmeSettings s = new ReadmeSettings();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
                continue;
            }
            if (!inSection || !line.startsWith("| `")) {
                continue;
            }
            String firstColumn = line.substring(1, line.indexOf('|', 1));
            Matcher m = CODE.matcher(firstColumn);
            String previous = null;
            String alias = null;
            while (m.find()) {
                String token = m.group(1);
                if (m.group(2) != null) {
                    s.envNames.putIfAbsent(token, null);
                    alias = token;
                } else {
                    String key = token.startsWith(".") && previous != null
                            ? previous.substring(0, previous.lastIndexOf('.')) + token
                            : token;
                    s.keys.add(key);
                    s.envNames.put(envName(key), key);
                    if (alias != null) {
                        s.aliases.put(key, alias);
                    }
                    previous = key;
                }
            }
        }
        if (s.keys.isEmpty()) {
            throw new IllegalStateException("no settings found in the README's ## Configuration table");
        }
        return s;
    }

    /** The environment variable that overrides a key: upper case, dots and dashes as underscores. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    Set<String> keys() {
        return keys;
    }

    Set<String> envNames() {
        return envNames.keySet();
    }

    /** The environment variables that set a key: its own name, and an environment-only alias if documented. */
    Set<String> envNamesOf(String key) {
        return aliases.containsKey(key) ? Set.of(envName(key), aliases.get(key)) : Set.of(envName(key));
    }

    /** The property key an environment variable overrides; null for an environment-only setting. */
    String keyOfEnv(String env) {
        return envNames.get(env);
    }
}
