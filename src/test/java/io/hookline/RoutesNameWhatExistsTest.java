package io.hookline;

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
 * a constant of {@link RouteProperties}, every bean they name is bound by the wiring, and every bean
 * method they call is a public method of the bean's type. A rename on either side breaks this test, not a delivery.
 */
class RoutesNameWhatExistsTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Pattern PROPERTY_READ = Pattern.compile("exchangeProperty\\.([A-Za-z0-9_]+)");
    private static final Pattern PROPERTY_SET = Pattern.compile("setProperty:\\s*\\n(?:\\s+id:[^\\n]*\\n)?\\s+name:\\s*\"?([A-Za-z0-9_]+)");
    private static final Pattern BEAN_METHOD = Pattern.compile("ref:\\s*\"?([A-Za-z0-9_]+)\"?\\s*\\n\\s+method:\\s*\"?([A-Za-z0-9_]+)");
    private static final Pattern BIND = Pattern.compile("bind\\(\"([A-Za-z0-9_]+)\",\\s*(?:beans\\.closeAtStop\\()?\\s*");
    // what follows the name: new Type(…), Type.factory(…), (Type) …, or a local variable
    private static final Pattern BOUND_TYPE = Pattern.compile(
            "new\\s+([A-Z][A-Za-z0-9_]*)|([A-Z][A-Za-z0-9_]*)\\.[a-z]\\w*\\(|\\(([A-Z][A-Za-z0-9_]*)\\)|([a-z][A-Za-z0-9_]*)\\s*[,)]");
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
        assertThat(beans.keySet()).as("beans bound by the wiring").containsAll(all(BEAN_REF, routes));
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
            assertThat(beans.get(bean)).as("type of bean %s", bean).isNotEqualTo(Object.class);
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

    /**
     * Bean name to type, read from the wiring's {@code beans.bind("name", …)} calls however it is
     * split: the type of {@code new Type(…)}, or of the local variable bound. A bean bound otherwise
     * (a lambda) is known by name only.
     */
    private static Map<String, Class<?>> boundBeans() throws IOException, ClassNotFoundException {
        Path src = Path.of("src/main/java");
        Map<String, String> classes = new HashMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(src)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (Path p : sources) {
            String name = src.relativize(p).toString().replace('/', '.').replaceAll("\\.java$", "");
            classes.put(name.substring(name.lastIndexOf('.') + 1), name);
        }
        Map<String, Class<?>> bound = new HashMap<>();
        for (Path p : sources) {
            String code = Files.readString(p);
            Matcher m = BIND.matcher(code);
            while (m.find()) {
                Matcher t = BOUND_TYPE.matcher(code).region(m.end(), code.length());
                String type = !t.lookingAt() ? null
                        : t.group(1) != null ? t.group(1) : t.group(2) != null ? t.group(2)
                        : t.group(3) != null ? t.group(3) : declaredType(code, t.group(4));
                String fqn = type == null ? null : classes.get(type);
                bound.put(m.group(1), fqn == null ? Object.class : Class.forName(fqn));
            }
        }
        assertThat(bound).as("beans bound in the wiring").hasSizeGreaterThan(20);
        return bound;
    }

    private static String declaredType(String code, String variable) {
        Matcher m = Pattern.compile("([A-Z][A-Za-z0-9_]*)(?:<[^>]*>)?\\s+" + Pattern.quote(variable) + "\\s*=").matcher(code);
        return m.find() ? m.group(1) : null;
    }
}
