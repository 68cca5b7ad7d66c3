package io.hookline;

import org.apache.camel.BindToRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names the shipped routes use exist in the code: every exchange property they set or read is
 * a constant of {@link RouteProperties}, every bean they name is bound, and every bean method they
 * call is a public method of it. A rename on either side breaks this test, not a delivery.
 */
class RoutesNameWhatExistsTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Pattern PROPERTY_READ = Pattern.compile("exchangeProperty\\.([A-Za-z0-9_]+)");
    private static final Pattern PROPERTY_SET = Pattern.compile("setProperty:\\s*\\n(?:\\s+id:[^\\n]*\\n)?\\s+name:\\s*\"?([A-Za-z0-9_]+)");
    private static final Pattern BEAN_METHOD = Pattern.compile("ref:\\s*\"?([A-Za-z0-9_]+)\"?\\s*\\n\\s+method:\\s*\"?([A-Za-z0-9_]+)");
    private static final Pattern BEAN_REF = Pattern.compile("(?:ref|retryWhileRef|onRedeliveryRef):\\s*\"?([A-Za-z0-9_]+)");

    private static String routes;
    private static Map<String, Class<?>> beans;

    @BeforeAll
    static void read() throws Exception {
        try (Stream<Path> files = Files.list(ROUTES)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
            assertThat(yaml).as("route files").isNotEmpty();
            StringBuilder all = new StringBuilder();
            for (Path p : yaml) {
                all.append(Files.readString(p)).append('\n');
            }
            routes = all.toString();
        }
        beans = boundBeans();
    }

    @Test
    void everyExchangePropertyTheRoutesNameIsARoutePropertiesConstant() throws Exception {
        Set<String> constants = new HashSet<>();
        for (Field f : RouteProperties.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                constants.add((String) f.get(null));
            }
        }
        Set<String> named = new TreeSet<>(all(PROPERTY_READ, routes));
        named.addAll(all(PROPERTY_SET, routes));
        assertThat(named).as("exchange properties named in routes/").isNotEmpty();
        assertThat(constants).as("RouteProperties constants").containsAll(named);
    }

    @Test
    void everyBeanTheRoutesNameIsBound() {
        assertThat(beans.keySet()).as("beans bound with @BindToRegistry").containsAll(all(BEAN_REF, routes));
    }

    @Test
    void everyBeanMethodTheRoutesCallIsAPublicMethodOfThatBean() {
        Matcher m = BEAN_METHOD.matcher(routes);
        int calls = 0;
        while (m.find()) {
            calls++;
            String bean = m.group(1);
            String method = m.group(2);
            assertThat(beans).as("bean %s", bean).containsKey(bean);
            Set<String> methods = Arrays.stream(beans.get(bean).getMethods()).map(Method::getName).collect(Collectors.toSet());
            assertThat(methods).as("public methods of bean %s (%s)", bean, beans.get(bean).getName()).contains(method);
        }
        assertThat(calls).as("bean method calls found in routes/").isGreaterThan(20);
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Bean name to type, from every @BindToRegistry method of the main classes, however the wiring is split. */
    private static Map<String, Class<?>> boundBeans() throws IOException, ClassNotFoundException {
        Path src = Path.of("src/main/java");
        Map<String, Class<?>> bound = new HashMap<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = src.relativize(p).toString().replace('/', '.').replaceAll("\\.java$", "");
                if (!Files.readString(p).contains("@BindToRegistry")) {
                    continue;
                }
                for (Method method : Class.forName(name).getDeclaredMethods()) {
                    BindToRegistry bind = method.getAnnotation(BindToRegistry.class);
                    if (bind != null) {
                        bound.put(bind.value().isEmpty() ? method.getName() : bind.value(), method.getReturnType());
                    }
                }
            }
        }
        return bound;
    }
}
