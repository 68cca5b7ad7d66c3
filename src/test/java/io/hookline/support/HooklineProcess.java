package io.hookline.support;

import io.hookline.App;
import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Hookline as a separate JVM, as it runs in production, so a test can stop it gracefully or
 * kill it with SIGKILL in the middle of its work.
 */
public final class HooklineProcess implements AutoCloseable {

    /**
     * The suite starts Hookline some 25 times, and each start compiled with C2 and collected with
     * parallel GC threads cost about 8 s of CPU on 2 cores; with C1 only and the serial collector
     * about 4. What these tests check (kills, restarts, takeovers) does not depend on either.
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final Map<String, String> settings;
    /** The health that answered last while it started: which checks were not up, or why it did not answer. */
    private volatile String lastHealth = "no answer yet";
    private volatile boolean ready;

    private HooklineProcess(Process process, int httpPort, Path log, Map<String, String> settings) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.settings = Map.copyOf(settings);
    }

    /** Starts Hookline with these settings (as -D system properties) and waits until its API answers. */
    public static HooklineProcess start(String name, Map<String, String> settings) {
        return start(name, settings, Map.of());
    }

    /** Starts Hookline with settings as -D system properties and as environment variables, as a container runs it. */
    public static HooklineProcess start(String name, Map<String, String> settings, Map<String, String> environment) {
        // a port found free can be taken by another test JVM's receiver before Hookline binds it:
        // Hookline then refuses to start, saying so, and is started again on another port
        for (int attempt = 1; ; attempt++) {
            HooklineProcess h = launch(name, settings, environment);
            if (h.awaitReady() || attempt == 3 || !h.log().contains(PORT_TAKEN)) {
                return h.readyOrFail();
            }
            h.close();
        }
    }

    /** What Hookline says when its HTTP port is taken (see ListeningCheck). */
    private static final String PORT_TAKEN = "the HTTP server could not listen on";

    private static HooklineProcess launch(String name, Map<String, String> settings, Map<String, String> environment) {
        int port = SharedInfra.freePort();
        Map<String, String> onPort = new java.util.LinkedHashMap<>(settings);
        onPort.put("hookline.http-port", Integer.toString(port));
        Path log = logOf(name);
        return new HooklineProcess(spawn("-Xmx512m", onPort, environment, log), port, log, settings);
    }

    private static Path logOf(String name) {
        try {
            return Files.createDirectories(Path.of("target", "processes")).resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM, settings as -D system properties, its output (both streams) into the log. */
    private static Process spawn(String heap, Map<String, String> settings, Map<String, String> environment, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(heap);
        cmd.addAll(QUICK_START);
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(App.class.getName());
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(environment);
        try {
            return builder.directory(new File("."))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a Hookline that refused to start left: its exit code and its output. */
    public record Refusal(int exitCode, String output) {
    }

    /**
     * Starts Hookline with these settings (as -D system properties), expecting it to refuse to start:
     * waits for it to exit (90 s at most).
     */
    public static Refusal startRefused(String name, Map<String, String> settings) {
        Path log = logOf(name);
        Process p = spawn("-Xmx256m", settings, Map.of(), log);
        try {
            await().alias("Hookline refused to start and exited").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).until(() -> !p.isAlive());
        } finally {
            p.destroyForcibly();
        }
        try {
            return new Refusal(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until its health is up (true) or it exits or the time is up (false). */
    private boolean awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || healthy(http));
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return ready;
    }

    private boolean healthy(HttpClient http) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            ready = r.statusCode() == 200;
            lastHealth = r.statusCode() + " " + r.body();
        } catch (IOException e) {
            lastHealth = e.toString();
        }
        return ready;
    }

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    /**
     * This process if it is ready; otherwise it is killed (a Hookline left running would go on
     * claiming the test database's deliveries) and the test fails with what it said and answered.
     */
    private HooklineProcess readyOrFail() {
        if (ready && process.isAlive()) {
            return this;
        }
        boolean exited = !process.isAlive();
        close(); // and the embedded PostgreSQL it may have started
        String output = log();
        String tail = output.substring(Math.max(0, output.length() - 4000));
        throw new IllegalStateException((exited ? "Hookline exited early (" + process.exitValue() + ")"
                : "Hookline not ready within " + READY_WITHIN.toSeconds() + " s; its health last answered: " + lastHealth)
                + "; see " + log + ", which ends:\n" + tail);
    }

    /** A setting it was started with, or null. */
    public String setting(String key) {
        return settings.get(key);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** SIGKILL: no shutdown hook, nothing flushed, in-flight work cut off. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGSTOP: the JVM is frozen, as in a long pause, with its sockets and its claims left as they are. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the process has logged so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM: Camel's graceful shutdown. */
    public void stop() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the process if it still runs, then stops the embedded PostgreSQL it started, which a
     * SIGKILL leaves running: nothing a test started outlives it.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        String dataDir = settings.get("hookline.data-dir");
        if (dataDir != null && (settings.get("hookline.db.url") == null || settings.get("hookline.db.url").isBlank())) {
            stopPostgresHolding(Path.of(dataDir, "postgres"));
        }
    }

    /**
     * Stops whatever PostgreSQL holds this data directory: SIGINT, PostgreSQL's fast shutdown (a
     * smart one would wait for sessions a killed process left behind), then SIGKILL if it lingers.
     */
    public static void stopPostgresHolding(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            java.util.Optional<ProcessHandle> postgres = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (postgres.isEmpty()) {
                return;
            }
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            try {
                postgres.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                postgres.get().destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
