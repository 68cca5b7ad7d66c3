package io.hookline.packaging;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml read as Compose reads it: YAML with merge keys, and ${VAR} interpolation on demand. */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private ComposeFile() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            return (Map<String, Object>) mergeKeys(new Load(LoadSettings.builder().build()).loadFromReader(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's environment with every ${VAR}, ${VAR:-default} and ${VAR:?error} resolved from {@code shell}. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> compose, String service, Map<String, String> shell) {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
        Map<String, String> resolved = new LinkedHashMap<>();
        env.forEach((k, v) -> resolved.put(k, interpolate(String.valueOf(v), shell)));
        return resolved;
    }

    static String interpolate(String value, Map<String, String> shell) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = shell.get(m.group(1));
            String replacement;
            if (set != null && !set.isEmpty()) {
                replacement = set;
            } else if (m.group(2) != null && m.group(2).endsWith("?")) {
                throw new IllegalStateException("compose would refuse to start: " + m.group(3));
            } else {
                replacement = m.group(3) == null ? "" : m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Resolves YAML merge keys ({@code <<: *anchor}) as Compose does; the YAML 1.2 parser leaves them as keys. */
    @SuppressWarnings("unchecked")
    private static Object mergeKeys(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> merged = new LinkedHashMap<>();
            Object base = m.get("<<");
            if (base != null) {
                for (Object b : base instanceof List<?> l ? l : List.of(base)) {
                    merged.putAll((Map<String, Object>) mergeKeys(b));
                }
            }
            m.forEach((k, v) -> {
                if (!"<<".equals(k)) {
                    merged.put(String.valueOf(k), mergeKeys(v));
                }
            });
            return merged;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(mergeKeys(e)));
            return out;
        }
        return node;
    }
}
