package io.hookline.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs in CI, so docker-compose.yml and the Dockerfile are checked as files:
 * against the configuration table of the README, config/application.properties and each other.
 */
class DockerComposeTest {

    private static final Set<String> HOOKLINE_SERVICES = Set.of("hookline-1", "hookline-2");
    // settings of the embedded broker only; a compose deployment has its own broker
    private static final Set<String> EMBEDDED_ONLY = Set.of("hookline.broker.embedded.openwire", "hookline.broker.embedded.stomp",
            "hookline.broker.embedded.username", "hookline.broker.embedded.password", "hookline.db.embedded.port");

    private final Map<String, Object> compose = ComposeFile.load(Path.of("docker-compose.yml"));
    private final Map<String, Object> services = map(compose.get("services"));
    private final Properties properties = properties(Path.of("config", "application.properties"));
    private final ReadmeSettings readme = ReadmeSettings.read(Path.of("README.md"));

    @Test
    void composeRunsTheBrokerTheDatabaseAndTwoHooklineInstances() {
        assertThat(services).containsOnlyKeys("activemq", "postgres", "hookline-1", "hookline-2");
        assertThat(image("activemq")).matches("apache/activemq-classic:6\\.1\\.\\d+");
        assertThat(image("postgres")).isEqualTo("postgres:17");
        for (String name : HOOKLINE_SERVICES) {
            Map<String, Object> s = map(services.get(name));
            assertThat(s.get("build")).as("%s is built from the Dockerfile here", name).isEqualTo(".");
            assertThat(image(name)).as("both instances run one image").isEqualTo(image("hookline-1"));
        }
    }

    @Test
    void everyServiceHasAHealthCheckAndHooklineWaitsForHealthyBrokerAndDatabase() {
        for (String name : services.keySet()) {
            Map<String, Object> health = map(map(services.get(name)).get("healthcheck"));
            assertThat(health.get("test")).as("%s health check", name).isNotNull();
        }
        for (String name : HOOKLINE_SERVICES) {
            Map<String, Object> dependsOn = map(map(services.get(name)).get("depends_on"));
            assertThat(dependsOn).containsOnlyKeys("activemq", "postgres");
            dependsOn.values().forEach(d -> assertThat(map(d).get("condition")).isEqualTo("service_healthy"));
        }
    }

    @Test
    void hooklineMountsConfigAndRoutesWhereTheImageReadsThem() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("WORKDIR /app").containsPattern("VOLUME \\[.*\"/app/config\", \"/app/routes\"");
        for (String name : HOOKLINE_SERVICES) {
            List<Object> volumes = list(map(services.get(name)).get("volumes"));
            assertThat(volumes).contains("./config:/app/config:ro", "./routes:/app/routes:ro");
        }
        assertThat(map(compose.get("volumes"))).containsKeys("activemq-data", "postgres-data");
    }

    @Test
    void everyEnvironmentKeyIsADocumentedSettingOfTheConfiguration() throws IOException {
        String logback = Files.readString(Path.of("src", "main", "resources", "logback.xml"));
        String propertiesText = Files.readString(Path.of("config", "application.properties"));
        for (String name : HOOKLINE_SERVICES) {
            for (String env : environment(name).keySet()) {
                assertThat(readme.envNames()).as("%s of %s is in the README's configuration table", env, name).contains(env);
                String key = readme.keyOfEnv(env);
                if (key != null) {
                    assertThat(properties.stringPropertyNames()).as("%s (%s) is in config/application.properties", key, env).contains(key);
                } else {
                    // an environment-only setting: read by the configuration or by logback
                    assertThat(propertiesText.contains("env:" + env) || logback.contains(env))
                            .as("%s is read by config/application.properties or logback.xml", env).isTrue();
                }
            }
        }
    }

    @Test
    void everyDocumentedSettingIsSetAsAnEnvironmentVariableOfEachInstance() {
        for (String name : HOOKLINE_SERVICES) {
            Set<String> env = environment(name).keySet();
            for (String key : readme.keys()) {
                if (!EMBEDDED_ONLY.contains(key)) {
                    assertThat(env).as("%s sets %s", name, key).containsAnyElementsOf(readme.envNamesOf(key));
                }
            }
        }
    }

    @Test
    void eachInstanceReachesTheComposeBrokerAndDatabaseWithTheirCredentials() {
        Map<String, Object> broker = map(map(services.get("activemq")).get("environment"));
        Map<String, Object> db = map(map(services.get("postgres")).get("environment"));
        for (String name : HOOKLINE_SERVICES) {
            Map<String, Object> env = environment(name);
            assertThat(String.valueOf(env.get("HOOKLINE_BROKER_URL"))).contains("tcp://activemq:61616");
            assertThat(String.valueOf(env.get("HOOKLINE_DB_URL"))).isEqualTo("jdbc:postgresql://postgres:5432/" + db.get("POSTGRES_DB"));
            assertThat(env.get("HOOKLINE_BROKER_USERNAME")).isEqualTo(broker.get("ACTIVEMQ_CONNECTION_USER"));
            assertThat(env.get("HOOKLINE_BROKER_PASSWORD")).isEqualTo(broker.get("ACTIVEMQ_CONNECTION_PASSWORD"));
            assertThat(env.get("HOOKLINE_DB_USERNAME")).isEqualTo(db.get("POSTGRES_USER"));
            assertThat(env.get("HOOKLINE_DB_PASSWORD")).isEqualTo(db.get("POSTGRES_PASSWORD"));
            // instances must share their API keys; compose refuses to start without them
            assertThat(String.valueOf(env.get("HOOKLINE_API_KEYS"))).startsWith("${HOOKLINE_API_KEYS:?");
            assertThat(env.get("HOOKLINE_DELIVERY_ALLOW_PRIVATE_TARGETS")).isEqualTo("false");
        }
    }

    @Test
    void publishedPortsDoNotCollideAndHooklinePublishesItsHttpPort() {
        Set<String> hostPorts = new HashSet<>();
        for (String name : services.keySet()) {
            for (String[] port : publishedPorts(name, Map.of())) {
                assertThat(hostPorts.add(port[1])).as("host port %s of %s is used once", port[1], name).isTrue();
            }
        }
        for (String name : HOOKLINE_SERVICES) {
            String httpPort = String.valueOf(environment(name).get("HTTP_PORT"));
            assertThat(publishedPorts(name, Map.of())).singleElement().satisfies(p -> assertThat(p[2]).isEqualTo(httpPort));
        }
    }

    /** Hookline's API for its users, the broker's OpenWire and STOMP for producers; not the broker's console, nor PostgreSQL. */
    @Test
    void onlyWhatAUserMustReachIsPublished() {
        Map<String, Set<String>> published = new java.util.TreeMap<>();
        for (String name : services.keySet()) {
            for (String[] port : publishedPorts(name, Map.of())) {
                published.computeIfAbsent(name, n -> new java.util.TreeSet<>()).add(port[2]);
            }
        }
        assertThat(published).isEqualTo(Map.of(
                "hookline-1", Set.of("8080"),
                "hookline-2", Set.of("8080"),
                "activemq", Set.of("61613", "61616")));
    }

    @Test
    void everyPublishedPortIsOnLoopbackUnlessTheOperatorSaysOtherwise() {
        for (String name : services.keySet()) {
            for (String[] port : publishedPorts(name, Map.of())) {
                assertThat(port[0]).as("host address of %s:%s", name, port[2]).isEqualTo("127.0.0.1");
            }
            for (String[] port : publishedPorts(name, Map.of("HOOKLINE_PUBLISH_ADDRESS", "10.1.2.3"))) {
                assertThat(port[0]).as("host address of %s:%s when chosen", name, port[2]).isEqualTo("10.1.2.3");
            }
        }
    }

    /** No password falls back to a default: each is a required variable (${VAR:?message}), so compose refuses to start without it. */
    @Test
    void everyPasswordIsARequiredVariableWithoutDefault() throws IOException {
        String text = Files.readString(Path.of("docker-compose.yml"));
        assertThat(text).doesNotContainPattern("\\$\\{[A-Z_]*(PASSWORD|KEY)[A-Z_]*:?-");
        int passwords = 0;
        for (String name : services.keySet()) {
            Map<String, Object> env = map(map(services.get(name)).getOrDefault("environment", Map.of()));
            for (var e : env.entrySet()) {
                if (e.getKey().contains("PASSWORD")) {
                    passwords++;
                    assertThat(String.valueOf(e.getValue())).as("%s of %s", e.getKey(), name)
                            .matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                }
            }
        }
        assertThat(passwords).as("the broker's, its console's and the database's, on both sides").isGreaterThanOrEqualTo(5);
    }

    /** Each published port as {host address, host port, container port}, with ${VAR} resolved from {@code shell}. */
    private List<String[]> publishedPorts(String service, Map<String, String> shell) {
        List<String[]> ports = new java.util.ArrayList<>();
        for (Object port : list(map(services.get(service)).getOrDefault("ports", List.of()))) {
            String[] parts = ComposeFile.interpolate(String.valueOf(port), shell).split(":");
            assertThat(parts).as("%s publishes %s as address:host port:container port", service, port).hasSize(3);
            ports.add(parts);
        }
        return ports;
    }

    @Test
    void theHealthChecksAskTheConfiguredReadinessPath() throws IOException {
        String ready = properties.getProperty("camel.management.health-path") + "/ready";
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher healthcheck = Pattern.compile("(?s)HEALTHCHECK .*?CMD (.*?)\n").matcher(dockerfile);
        assertThat(healthcheck.find()).as("the Dockerfile has a HEALTHCHECK").isTrue();
        assertThat(healthcheck.group(1)).contains("${HTTP_PORT}" + ready);
        for (String name : HOOKLINE_SERVICES) {
            String test = String.valueOf(map(map(services.get(name)).get("healthcheck")).get("test"));
            assertThat(test).contains("127.0.0.1:" + environment(name).get("HTTP_PORT") + ready);
        }
    }

    @Test
    void theImageIsBuiltWithMavenAndRunsOnAJreAsANonRootUser() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).containsExactly("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
        List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).containsExactly("USER hookline");
        assertThat(lines).anyMatch(l -> l.startsWith("EXPOSE ") && l.contains("8080"));
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target/", "data/");
    }

    private Map<String, Object> environment(String service) {
        return map(map(services.get(service)).get("environment"));
    }

    private String image(String service) {
        return String.valueOf(map(services.get(service)).get("image"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }
}
