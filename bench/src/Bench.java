import com.sun.net.httpserver.HttpServer;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.activemq.ActiveMQConnectionFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hookline's benchmark: Hookline as shipped (java -jar, embedded broker and database) in its own
 * process, a receiver and an OpenWire producer in this one. Every scenario keeps a ledger of
 * what it expects at the receiver. Figures go to stdout and target/bench/results.json.
 */
public final class Bench {

    private static final String KEY = "bench-key";
    private static final int WEBHOOKS = 10;
    private static final int RAW_CONCURRENCY = 32;

    private final boolean quick;
    private String only;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private Process hookline;
    /** The settings the running Hookline was started with beyond the common ones: a restart keeps them. */
    private List<String> hooklineExtra = List.of();
    private int httpPort;
    private int openwirePort;
    private int stompPort;
    private final Receiver receiver = new Receiver();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong peakRssKib = new AtomicLong();
    /** (a)'s CPU seconds per 1,000 deliveries, Hookline's JVM and PostgreSQL, unrounded. */
    private double[] hooklineCpuPerK;

    private Bench(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench(List.of(args).contains("--quick"));
        b.only = List.of(args).stream().filter(a -> a.startsWith("--only=")).map(a -> a.substring(7)).findFirst().orElse(null);
        int status = 0;
        try {
            b.run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            b.close();
        }
        // the receiver's worker threads are not daemons: without this the JVM outlives the run
        System.exit(status);
    }

    private void run() throws Exception {
        startHookline();
        if (only != null) {
            // one scenario alone, for profiling it: --only=a or --only=b (with --quick for the short sizes)
            if (only.equals("a")) {
                Map<String, Integer> activeQueries = new ConcurrentHashMap<>();
                warmUp("warm", quick ? 1_000 : 10_000);
                Thread sampler = daemon(() -> sampleActiveQueries(activeQueries));
                throughput(Integer.getInteger("bench.events", quick ? 3_000 : 50_000));
                sampler.interrupt();
                tableStatistics();
                int samples = activeQueries.values().stream().mapToInt(Integer::intValue).sum();
                activeQueries.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                        .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%% of active PostgreSQL backends: %s%n",
                                100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
                // the CPU of a bare POST, so that (a)'s CPU per delivery reads as a multiple of it
                rawLimit(quick ? 10_000 : 100_000);
            } else {
                // warmed first, as in the full run where (b) follows (a); --only=c runs (b) and then (c)
                warmUp("warm", Integer.getInteger("bench.events", quick ? 3_000 : 50_000));
                Histogram base = latency("lat", quick ? 15 : 60, 0);
                if (only.equals("c")) {
                    Histogram iso = latency("iso", quick ? 15 : 60, 1);
                    System.out.printf(Locale.ROOT, "    isolation: healthy p99 %.2fx of (b)%n",
                            (double) iso.getValueAtPercentile(99) / Math.max(1, base.getValueAtPercentile(99)));
                }
                if (only.equals("f")) {
                    besideSlowEndpoints(quick ? 15 : 60);
                    System.out.printf(Locale.ROOT, "    beside slow endpoints: healthy p99 %sx of the same open loop alone%n",
                            results.get("slow_p99_ratio"));
                }
            }
            return;
        }
        Thread rssSampler = daemon(this::sampleRss);
        int events = quick ? 1_000 : 50_000;
        // quick: a check that every scenario runs, in under two minutes with the build; its open loops
        // see the first seconds of each (what a restart or a black hole costs at first), not the steady state
        int latencySeconds = quick ? 5 : 60;

        warmUp("warm", quick ? 300 : 10_000);
        throughput(events);
        rawLimit(quick ? 10_000 : 100_000);
        results.put("ratio", round((double) results.get("deliveries_per_s") / (double) results.get("raw_limit_per_s")));
        memory();
        Histogram base = latency("lat", latencySeconds, 0);
        Histogram iso = latency("iso", latencySeconds, 1);
        results.put("isolation_p99_ratio", round((double) iso.getValueAtPercentile(99) / Math.max(1, base.getValueAtPercentile(99))));
        results.put("isolation_throughput_ratio", results.remove("iso_throughput_ratio"));
        rssSampler.interrupt();
        results.put("rss_mib", peakRssKib.get() / 1024);
        besideSlowEndpoints(latencySeconds);
        // quick: 30,000 deliveries, answered after 10 ms (see Receiver), so that the kills come while it
        // delivers (answered at once, 99% of 50,000 arrived before the first kill)
        crashLedger(quick ? 3_000 : 10_000, 3);
        report();
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * Before (a): the same work on another list, until the JIT has compiled the hot paths (at first
     * its compiler threads take a fifth of the two cores). A service runs for days; (a) measures it
     * warm. The warm-up's own rate is printed, not scored.
     */
    private void warmUp(String name, int events) throws Exception {
        // a list, paths and event ids of its own: a second warm-up's events would be repeats of the first's
        String list = "bench_" + name;
        String paths = "/" + name + "/";
        for (int w = 0; w < WEBHOOKS; w++) {
            createWebhook(list, receiver.url(paths + w));
        }
        receiver.expect(paths, events * WEBHOOKS);
        long start = System.nanoTime();
        try (Producer p = new Producer()) {
            for (int i = 0; i < events; i++) {
                p.send(event(name + "-" + i, list, System.nanoTime()));
            }
        }
        boolean done = receiver.await(paths, Duration.ofMinutes(5));
        double seconds = (receiver.lastReceiptNanos(paths) - start) / 1e9;
        System.out.printf(Locale.ROOT, "    warm-up: %d events x %d webhooks, %d delivered in %.1f s = %.0f deliveries/s (cold JVM, not scored)%s%n",
                events, WEBHOOKS, receiver.distinct(paths), seconds, receiver.distinct(paths) / seconds, done ? "" : " (TIMED OUT)");
    }

    /** (a) as fast as it goes: N events, each to 10 webhooks. */
    private void throughput(int events) throws Exception {
        String list = "bench_tp";
        for (int w = 0; w < WEBHOOKS; w++) {
            createWebhook(list, receiver.url("/tp/" + w));
        }
        int expected = events * WEBHOOKS;
        receiver.expect("/tp/", expected);
        double[] cpuBefore = cpuSeconds();
        long start = System.nanoTime();
        try (Producer p = new Producer()) {
            for (int i = 0; i < events; i++) {
                p.send(event("tp-" + i, list, System.nanoTime()));
            }
        }
        long published = System.nanoTime();
        boolean done = receiver.await("/tp/", Duration.ofMinutes(quick ? 3 : 15));
        long end = receiver.lastReceiptNanos("/tp/");
        double seconds = (end - start) / 1e9;
        double rate = receiver.distinct("/tp/") / seconds;
        System.out.printf(Locale.ROOT, "(a) %d events x %d webhooks: published in %.1f s, delivered %d/%d in %.1f s = %.0f deliveries/s%s%n",
                events, WEBHOOKS, (published - start) / 1e9, receiver.distinct("/tp/"), expected, seconds, rate,
                done ? "" : " (TIMED OUT)");
        results.put("deliveries_per_s", round(rate));
        results.put("lost", expected - receiver.distinct("/tp/"));
        results.put("duplicates", receiver.total("/tp/") - receiver.distinct("/tp/"));
        double[] cpuAfter = cpuSeconds();
        // CPU time per delivery varies less with this VM's neighbours than the rate does
        double perK = 1000.0 / receiver.distinct("/tp/");
        System.out.printf(Locale.ROOT, "    CPU per 1,000 deliveries: Hookline JVM %.2f s, PostgreSQL %.2f s%n",
                (cpuAfter[0] - cpuBefore[0]) * perK, (cpuAfter[1] - cpuBefore[1]) * perK);
        hooklineCpuPerK = new double[] {(cpuAfter[0] - cpuBefore[0]) * perK, (cpuAfter[1] - cpuBefore[1]) * perK};
        results.put("cpu_s_per_1000_hookline", round2(hooklineCpuPerK[0]));
        results.put("cpu_s_per_1000_postgres", round2(hooklineCpuPerK[1]));
    }

    /**
     * (d) the crash ledger: events published, then Hookline killed with SIGKILL three times while
     * it delivers them, restarted on the same data and settings each time. Every (event, webhook)
     * pair must arrive; a pair received twice must carry the same webhook-id both times. It runs
     * on the Hookline of (f), with the shipped lease: a restarted instance makes due at once what
     * its killed run held (deliveries whose queue messages died with it), so no restart of its own
     * and no shortened lease are needed (a delivery left to its lease would show as a wait of two
     * minutes).
     */
    private void crashLedger(int events, int kills) throws Exception {
        String list = "bench_crash";
        for (int w = 0; w < WEBHOOKS; w++) {
            createWebhook(list, receiver.url("/crash/" + w));
        }
        int expected = events * WEBHOOKS;
        receiver.expect("/crash/", expected);
        try (Producer p = new Producer(false)) {
            for (int i = 0; i < events; i++) {
                p.send(event("crash-" + i, list, System.nanoTime()));
            }
        }
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(quick ? 3 : 10).toNanos();
        int last = 0;
        int killed = 0;
        for (int k = 1; k <= kills; k++) {
            // spread over what is left to deliver, so each restart delivers some before the next kill
            // (publishing, before the first kill, may already have delivered past a fixed quarter)
            int at = last + Math.max(1, (expected - last) / (kills - k + 2));
            while (receiver.distinct("/crash/") < at && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (receiver.distinct("/crash/") >= expected) {
                // everything arrived before this kill: a kill now would test nothing
                System.out.printf(Locale.ROOT, "(d) all %d delivered before kill #%d%n", expected, k);
                break;
            }
            killed++;
            hookline.destroyForcibly(); // SIGKILL
            hookline.waitFor();
            last = receiver.distinct("/crash/");
            System.out.printf(Locale.ROOT, "(d) kill -9 #%d after %d/%d deliveries%n", k, last, expected);
            startHookline(false, hooklineExtra);
        }
        boolean done = receiver.await("/crash/", Duration.ofMinutes(quick ? 3 : 10));
        int distinct = receiver.distinct("/crash/");
        long duplicates = receiver.total("/crash/") - distinct;
        long idMismatches = receiver.pairsWithSeveralWebhookIds("/crash/");
        System.out.printf(Locale.ROOT, "(d) %d deliveries, %d kills: %d lost, %d duplicates (%d with another webhook-id) in %.1f s%s%n",
                expected, killed, expected - distinct, duplicates, idMismatches, (System.nanoTime() - start) / 1e9,
                done ? "" : " (TIMED OUT)");
        results.put("crash_kills", killed);
        results.put("crash_lost", expected - distinct);
        results.put("crash_duplicates", duplicates);
        results.put("crash_duplicates_with_other_webhook_id", idMismatches);
    }

    /**
     * The limit: a plain HttpClient posting the same bodies to the same receiver, same concurrency;
     * and what that costs: the CPU of this JVM (client and receiver, nothing else runs here then)
     * per 1,000 POSTs, against which (a)'s CPU per delivery is stated as a multiple. A fifth as many
     * POSTs first, not counted, so that the client's code is compiled, as Hookline's is in (a).
     */
    private void rawLimit(int requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        rawPosts(client, Math.min(requests / 5, 10_000));
        double cpuBefore = ticks(ProcessHandle.current().pid(), false) / 100.0;
        long start = System.nanoTime();
        rawPosts(client, requests);
        double rate = requests / ((System.nanoTime() - start) / 1e9);
        double cpuPerK = (ticks(ProcessHandle.current().pid(), false) / 100.0 - cpuBefore) * 1000.0 / requests;
        System.out.printf(Locale.ROOT, "    raw HttpClient limit, %d requests at concurrency %d: %.0f requests/s%n", requests, RAW_CONCURRENCY, rate);
        results.put("raw_limit_per_s", round(rate));
        results.put("cpu_s_per_1000_raw_post", round2(cpuPerK));
        if (hooklineCpuPerK != null) {
            // both sides measured by the kernel's accounting of whole processes (/proc): Hookline's
            // JVM per delivery (its receiver's work is in the bench JVM), the raw pair per POST
            double multiple = hooklineCpuPerK[0] / cpuPerK;
            double withPostgres = (hooklineCpuPerK[0] + hooklineCpuPerK[1]) / cpuPerK;
            System.out.printf(Locale.ROOT, "    CPU per 1,000 raw POSTs (client and receiver): %.2f s; a delivery costs %.1fx of it in Hookline's JVM, %.1fx with PostgreSQL%n",
                    cpuPerK, multiple, withPostgres);
            results.put("cpu_multiple_of_raw_post", round(multiple));
            results.put("cpu_multiple_of_raw_post_with_postgres", round(withPostgres));
        }
    }

    /** POSTs the raw body from 32 threads until {@code requests} are answered. */
    private void rawPosts(HttpClient client, int requests) throws InterruptedException {
        int concurrency = RAW_CONCURRENCY;
        byte[] body = event("raw", "raw", 0).getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(receiver.url("/raw/0"));
        AtomicLong next = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int t = 0; t < concurrency; t++) {
            daemon(() -> {
                try {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    while (next.getAndIncrement() < requests) {
                        try {
                            client.send(request, HttpResponse.BodyHandlers.discarding());
                        } catch (IOException e) {
                            // a pooled connection the receiver had closed as idle: the JDK client does
                            // not retry a POST on a fresh one by itself
                            client.send(request, HttpResponse.BodyHandlers.discarding());
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    /**
     * (b) open loop at 1,000 deliveries/s (100 events/s to 10 webhooks); latency from each event's
     * scheduled send time, so a stalled producer does not hide delay. (c) the same with one
     * webhook in ten pointing at a black hole, measured on the healthy nine.
     */
    private Histogram latency(String name, int seconds, int blackHoles) throws Exception {
        String list = "bench_" + name;
        BlackHole hole = blackHoles > 0 ? new BlackHole() : null;
        for (int w = 0; w < WEBHOOKS; w++) {
            String url = w < blackHoles ? hole.url() : receiver.url("/" + name + "/" + w);
            createWebhook(list, url);
        }
        // -Dbench.rate=50: (b) at half the rate, to see how the tail depends on load
        int eventsPerSecond = Integer.getInteger("bench.rate", 100);
        int events = eventsPerSecond * seconds;
        int healthy = WEBHOOKS - blackHoles;
        receiver.expect("/" + name + "/", events * healthy);
        receiver.recordLatency("/" + name + "/");
        long intervalNanos = 1_000_000_000L / eventsPerSecond;
        long start = System.nanoTime();
        try (Producer p = new Producer()) {
            for (int i = 0; i < events; i++) {
                long scheduled = start + i * intervalNanos;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                p.send(event(name + "-" + i, list, scheduled));
            }
        }
        receiver.await("/" + name + "/", Duration.ofSeconds(60));
        long end = receiver.lastReceiptNanos("/" + name + "/");
        Histogram h = receiver.latency("/" + name + "/");
        double rate = receiver.distinct("/" + name + "/") / ((end - start) / 1e9);
        boolean besideSlow = name.equals("slow");
        boolean slowBase = name.equals("fbase");
        System.out.printf(Locale.ROOT, "(%s) open loop %d deliveries/s for %d s%s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; %d/%d delivered, %.0f/s%n",
                besideSlow || slowBase ? "f" : blackHoles == 0 ? "b" : "c", eventsPerSecond * healthy, seconds,
                besideSlow ? " beside six endpoints answering after 10 s" : slowBase ? " alone, 15 s timeout"
                        : blackHoles == 0 ? "" : " beside a black hole",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                receiver.distinct("/" + name + "/"), events * healthy, rate);
        System.out.println("    seconds whose worst delivery took over 50 ms:" + receiver.slowSeconds(50_000));
        if (slowBase) {
            results.put("slow_base_p99_ms", round(h.getValueAtPercentile(99) / 1000.0));
            results.put("slow_base_throughput", rate);
        } else if (besideSlow) {
            results.put("slow_p99_ms", round(h.getValueAtPercentile(99) / 1000.0));
            results.put("slow_throughput_ratio", round(rate / (double) results.remove("slow_base_throughput")));
        } else if (blackHoles == 0) {
            results.put("p50_ms", round(h.getValueAtPercentile(50) / 1000.0));
            results.put("p99_ms", round(h.getValueAtPercentile(99) / 1000.0));
            results.put("p999_ms", round(h.getValueAtPercentile(99.9) / 1000.0));
            results.put("lat_throughput", rate);
        } else {
            results.put("iso_throughput_ratio", round(rate / (double) results.get("lat_throughput")));
            results.put("isolation_p99_ms", round(h.getValueAtPercentile(99) / 1000.0));
            hole.close();
        }
        return h;
    }

    /**
     * (f) on a Hookline restarted with the shipped 15 s timeout (the rest of the run uses 2 s, which
     * would make a 10 s answer a timeout): the open loop of (b) alone on ten webhooks, then again
     * beside six webhooks of another list whose endpoints answer 200, but only after 10 s, each with
     * ten deliveries queued before the open loop starts (more than the run can serve): the healthy
     * deliveries' p99 and rate relative to the loop alone, which slow endpoints must not take. The
     * slow webhooks are deleted afterwards, so that their backlog is skipped, not attempted in (d).
     */
    private void besideSlowEndpoints(int seconds) throws Exception {
        stopHookline();
        startHookline(false, List.of("-Dhookline.delivery.timeout=15s"));
        // the restarted JVM is cold: without a warm-up the loop alone measured its compiler (p99 1.2 to
        // 1.7 s), and the loop beside the slow endpoints, run warm, looked 100 times better than it
        warmUp("rewarm", quick ? 300 : 5_000);
        Histogram alone = latency("fbase", seconds, 0);
        try (SlowEndpoint slow = new SlowEndpoint(Duration.ofSeconds(10))) {
            List<String> slowHooks = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                slowHooks.add(createWebhook("bench_slowpoke", slow.url("/slowpoke/" + w)));
            }
            try (Producer p = new Producer()) {
                for (int i = 0; i < 10; i++) {
                    p.send(event("slowpoke-" + i, "bench_slowpoke", System.nanoTime()));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (slow.requests() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(20); // until the slow endpoints hold their first attempts
            }
            Histogram h = latency("slow", seconds, 0);
            System.out.printf(Locale.ROOT, "    slow endpoints: %d requests, at most %d at once%n", slow.requests(), slow.maxAtOnce());
            results.put("slow_requests_at_once", slow.maxAtOnce());
            results.put("slow_p99_ratio", round((double) h.getValueAtPercentile(99) / Math.max(1, alone.getValueAtPercentile(99))));
            for (String id : slowHooks) {
                deleteWebhook(id);
            }
        }
    }

    /** Samples what PostgreSQL's busy backends are running, every 50 ms: a profile by statement. */
    private void sampleActiveQueries(Map<String, Integer> counts) {
        try {
            try (java.sql.Connection c = postgres();
                 java.sql.PreparedStatement ps = c.prepareStatement("SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110), "
                         + "coalesce(wait_event_type || ':' || wait_event, 'cpu') FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()")) {
                while (!Thread.currentThread().isInterrupted()) {
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            counts.merge("[" + rs.getString(2) + "] " + rs.getString(1), 1, Integer::sum);
                        }
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("    (query sampler stopped: " + e.getMessage() + ")");
        }
    }

    /** A connection to Hookline's embedded PostgreSQL, on the port its log names. */
    private static java.sql.Connection postgres() throws Exception {
        String log = Files.readString(Path.of("target", "bench", "hookline.log"));
        var m = java.util.regex.Pattern.compile("Embedded PostgreSQL started on port (\\d+)").matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("no embedded PostgreSQL port in target/bench/hookline.log");
        }
        return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + m.group(1) + "/postgres", "postgres", "");
    }

    /** PostgreSQL's row-write counts: how many updates were HOT (no index entries written). */
    private void tableStatistics() throws Exception {
        try (java.sql.Connection c = postgres();
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
                     + "WHERE relname IN ('event', 'delivery', 'delivery_attempt') ORDER BY relname")) {
            while (rs.next()) {
                System.out.printf(Locale.ROOT, "    table %s: %d inserts, %d updates, %d of them HOT%n",
                        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /** CPU seconds used so far by Hookline's JVM and by its embedded PostgreSQL (Linux /proc). */
    private double[] cpuSeconds() {
        double jvm = ticks(hookline.pid(), false);
        // the embedded PostgreSQL is started by pg_ctl and leaves Hookline's process tree: every postgres process
        double pg = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToDouble(p -> ticks(p.pid(), true)).sum();
        return new double[] {jvm / 100.0, pg / 100.0};
    }

    /** utime + stime (and, for PostgreSQL, its exited children's) in clock ticks. */
    private static double ticks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double t = Double.parseDouble(f[11]) + Double.parseDouble(f[12]);
            return withChildren ? t + Double.parseDouble(f[13]) + Double.parseDouble(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** (e) heap after a full GC, and peak RSS sampled throughout. */
    private void memory() throws Exception {
        long pid = hookline.pid();
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        long usedKib = 0;
        for (String line : info.split("\n")) {
            var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(line);
            if (line.contains("total") && m.find()) {
                usedKib += Long.parseLong(m.group(1));
            }
        }
        results.put("heap_mib", usedKib / 1024);
        System.out.printf(Locale.ROOT, "(e) heap after GC %d MiB; peak RSS so far %d MiB%n", usedKib / 1024, peakRssKib.get() / 1024);
    }

    // ---------------------------------------------------------------- Hookline process

    private void startHookline() throws Exception {
        startHookline(true, List.of());
    }

    private void stopHookline() throws InterruptedException {
        hookline.destroy(); // SIGTERM: a graceful stop
        if (!hookline.waitFor(60, TimeUnit.SECONDS)) {
            hookline.destroyForcibly().waitFor();
        }
    }

    private void startHookline(boolean fresh, List<String> extra) throws Exception {
        hooklineExtra = extra;
        Path data = Path.of("target", "bench", "data");
        if (fresh) {
            deleteTree(data);
            httpPort = freePort();
            openwirePort = freePort();
            stompPort = freePort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dhookline.http-port=" + httpPort,
                "-Dhookline.data-dir=" + data,
                "-Dhookline.api.keys=" + KEY,
                "-Dhookline.delivery.allow-private-targets=true",
                "-Dhookline.broker.embedded.openwire=tcp://127.0.0.1:" + openwirePort,
                "-Dhookline.broker.embedded.stomp=stomp://127.0.0.1:" + stompPort,
                "-Dhookline.delivery.timeout=2s"));
        cmd.addAll(extra);
        String jvm = System.getenv("BENCH_HOOKLINE_JVM");
        if (jvm != null && !jvm.isBlank()) {
            cmd.addAll(1, List.of(jvm.trim().split("\\s+"))); // e.g. BENCH_HOOKLINE_JVM=-XX:TieredStopAtLevel=1
        }
        cmd.addAll(List.of("-jar", "target/hookline.jar"));
        String jfr = System.getenv("BENCH_JFR");
        if (jfr != null) {
            // a profile of Hookline under load: BENCH_JFR=target/bench/hookline.jfr bench/run.sh --quick
            cmd.add(1, "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        Files.createDirectories(Path.of("target", "bench"));
        hookline = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(fresh ? ProcessBuilder.Redirect.to(Path.of("target", "bench", "hookline.log").toFile())
                        : ProcessBuilder.Redirect.appendTo(Path.of("target", "bench", "hookline.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.println("Hookline started (pid " + hookline.pid() + "), log in target/bench/hookline.log");
                    return;
                }
            } catch (IOException e) {
                if (!hookline.isAlive()) {
                    throw new IllegalStateException("Hookline exited; see target/bench/hookline.log");
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Hookline did not start in 90 s");
    }

    private String createWebhook(String list, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/lists/" + list + "/webhooks"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"events\":[\"contact.subscribed\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create webhook: " + r.statusCode() + " " + r.body());
        }
        return between(r.body(), "\"id\":\"", "\"");
    }

    private void deleteWebhook(String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/webhooks/" + id))
                .header("Authorization", "Bearer " + KEY).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("delete webhook: " + r.statusCode() + " " + r.body());
        }
    }

    private void sampleRss() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(hookline.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peakRssKib.accumulateAndGet(Long.parseLong(line.replaceAll("\\D", "")), Math::max);
                    }
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    private void report() throws IOException {
        results.remove("lat_throughput");
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (var e : results.entrySet()) {
            json.append("  \"").append(e.getKey()).append("\": ").append(e.getValue()).append(++i < results.size() ? ",\n" : "\n");
        }
        json.append("}\n");
        Files.writeString(Path.of("target", "bench", "results.json"), json);
        System.out.println();
        System.out.printf("%-28s %s%n", "figure", "value");
        results.forEach((k, v) -> System.out.printf("%-28s %s%n", k, v));
        System.out.println("written to target/bench/results.json");
    }

    private void close() {
        if (hookline != null) {
            hookline.destroy();
            try {
                hookline.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            hookline.destroyForcibly();
        }
        receiver.close();
    }

    // ---------------------------------------------------------------- helpers

    private static String event(String id, String list, long scheduledNanos) {
        return "{\"id\":\"" + id + "\",\"type\":\"contact.subscribed\",\"listId\":\"" + list + "\","
                + "\"occurredAt\":\"2026-11-28T06:20:37Z\",\"source\":\"api\","
                + "\"contact\":{\"email\":\"ann@example.com\",\"fields\":{\"firstName\":\"Ann\",\"t\":" + scheduledNanos + "}}}";
    }

    /** An OpenWire producer, as a platform service would publish. */
    private final class Producer implements AutoCloseable {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;

        Producer() throws Exception {
            this(true);
        }

        /** Async: persistent messages, not waiting for each one's receipt; sync: each one stored when sent. */
        Producer(boolean async) throws Exception {
            ActiveMQConnectionFactory f = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + openwirePort);
            // the embedded broker's user, with the password Hookline generated at its first start
            f.setUserName("hookline");
            f.setPassword(Files.readString(Path.of("target", "bench", "data", "broker-password")).trim());
            f.setUseAsyncSend(async);
            connection = f.createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue("contact.events"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        }

        void send(String body) throws Exception {
            producer.send(session.createTextMessage(body));
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    /** Answers 204 at once and keeps a ledger: (path, event) pairs, receipt times, latencies. */
    private static final class Receiver {
        private final HttpServer server;
        private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> last = new ConcurrentHashMap<>();
        private final Map<String, Integer> expected = new ConcurrentHashMap<>();
        private final Map<String, ConcurrentHistogram> latencies = new ConcurrentHashMap<>();
        private final Map<String, Set<String>> webhookIds = new ConcurrentHashMap<>();
        private final Map<Long, AtomicLong> worstBySecond = new ConcurrentHashMap<>();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newFixedThreadPool(64));
            server.createContext("/", exchange -> {
                long now = System.nanoTime();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String path = exchange.getRequestURI().getPath();
                String scenario = path.substring(0, path.indexOf('/', 1) + 1);
                String text = new String(body, StandardCharsets.UTF_8);
                String eventId = between(text, "\"eventId\":\"", "\"");
                seen.computeIfAbsent(scenario, k -> ConcurrentHashMap.newKeySet()).add(path + " " + eventId);
                if (scenario.equals("/crash/")) {
                    webhookIds.computeIfAbsent(path + " " + eventId, k -> ConcurrentHashMap.newKeySet())
                            .add(exchange.getRequestHeaders().getFirst("webhook-id"));
                }
                totals.computeIfAbsent(scenario, k -> new LongAdder()).increment();
                last.computeIfAbsent(scenario, k -> new AtomicLong()).accumulateAndGet(now, Math::max);
                ConcurrentHistogram h = latencies.get(scenario);
                String t = between(text, "\"t\":", "}");
                if (h != null && t != null) {
                    long micros = Math.max(0, (now - Long.parseLong(t)) / 1000);
                    h.recordValue(micros);
                    // the worst latency of each second of receipt: shows whether a tail is steady or in bursts
                    worstBySecond.computeIfAbsent(now / 1_000_000_000L, k -> new AtomicLong()).accumulateAndGet(micros, Math::max);
                }
                if (scenario.equals("/crash/")) {
                    // (d) answers after 10 ms: a delivery takes about as long as publishing its event, so
                    // the kills come while thousands are under way (answered at once, 99% of (d) had
                    // arrived before the producer was done and the first kill came)
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void expect(String scenario, int count) {
            expected.put(scenario, count);
        }

        void recordLatency(String scenario) {
            latencies.put(scenario, new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3));
        }

        boolean await(String scenario, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (distinct(scenario) < expected.get(scenario)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }

        int distinct(String scenario) {
            Set<String> s = seen.get(scenario);
            return s == null ? 0 : s.size();
        }

        long total(String scenario) {
            LongAdder a = totals.get(scenario);
            return a == null ? 0 : a.sum();
        }

        /** Pairs of a scenario received with more than one webhook-id: a duplicate that is not a redelivery. */
        long pairsWithSeveralWebhookIds(String scenario) {
            return webhookIds.values().stream().filter(ids -> ids.size() > 1).count();
        }

        long lastReceiptNanos(String scenario) {
            return last.get(scenario).get();
        }

        /** Seconds of receipt (counted from the first) whose worst latency passed the threshold. */
        String slowSeconds(long thresholdMicros) {
            long first = worstBySecond.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
            StringBuilder b = new StringBuilder();
            new java.util.TreeMap<>(worstBySecond).forEach((second, worst) -> {
                if (worst.get() > thresholdMicros) {
                    b.append(' ').append(second - first).append("s:").append(worst.get() / 1000).append("ms");
                }
            });
            worstBySecond.clear();
            return b.toString();
        }

        Histogram latency(String scenario) {
            return latencies.get(scenario);
        }

        void close() {
            server.stop(0);
        }

        static String between(String s, String from, String to) {
            int a = s.indexOf(from);
            if (a < 0) {
                return null;
            }
            a += from.length();
            int b = s.indexOf(to, a);
            return b < 0 ? null : s.substring(a, b);
        }
    }

    /** Answers 200, after a delay, on threads of its own; counts requests and the most at once. */
    private static final class SlowEndpoint implements AutoCloseable {
        private final HttpServer server;
        private final java.util.concurrent.ExecutorService workers = Executors.newFixedThreadPool(64);
        private final AtomicLong requests = new AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger atOnce = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger maxAtOnce = new java.util.concurrent.atomic.AtomicInteger();

        SlowEndpoint(Duration delay) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            server.setExecutor(workers);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                maxAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                    Thread.sleep(delay.toMillis()); // the endpoint's slowness
                    exchange.sendResponseHeaders(200, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    atOnce.decrementAndGet();
                    exchange.close();
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        long requests() {
            return requests.get();
        }

        int maxAtOnce() {
            return maxAtOnce.get();
        }

        @Override
        public void close() {
            server.stop(0);
            workers.shutdownNow();
        }
    }

    /** Accepts TCP connections and never answers. */
    private static final class BlackHole implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> held = new ArrayList<>();

        BlackHole() throws IOException {
            socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
            daemon(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hole";
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private static String between(String s, String from, String to) {
        return Receiver.between(s, from, to);
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** CPU per 1,000 is a fraction of a second: a tenth would be a quarter of it. */
    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
