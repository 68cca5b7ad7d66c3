package io.hookline.instance;

import io.hookline.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;

/**
 * Beats for this instance, and takes over the deliveries of instances that no longer do: those
 * silent for {@code deadAfter}, and, at start, the previous run of this one (its identity is kept
 * in the data dir), so a restart re-dispatches at once what was lost with the old process.
 */
public class InstanceHeartbeat implements AutoCloseable {

    public static final String FILE_NAME = "instance-id";
    private static final Logger LOG = LoggerFactory.getLogger(InstanceHeartbeat.class);
    // taken-over instances are forgotten after this; none of their deliveries is held by then
    private static final Duration FORGET_AFTER = Duration.ofDays(1);

    /** Makes due now the deliveries held by instances declared dead; answers how many. */
    @FunctionalInterface
    public interface Release {
        int release(List<String> instanceIds) throws SQLException;
    }

    private final InstanceStore store;
    private final InstanceIdentity identity;
    private final Release release;
    private final ObjIntConsumer<String> released;
    private final Path idFile;
    private final Duration interval;
    private final Duration deadAfter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hookline-heartbeat");
        t.setDaemon(true);
        return t;
    });
    // since when every heartbeat has succeeded: one cut off from the database itself must not
    // declare the others dead the moment it is back, before they have had a chance to beat
    private long healthySinceNanos = -1;
    private int ticks;
    private volatile boolean failing;

    /** {@code released} hears how many deliveries were made due at once, and why: restart or takeover. */
    public InstanceHeartbeat(InstanceStore store, InstanceIdentity identity, Release release,
                             ObjIntConsumer<String> released, Path dataDir, Duration interval, Duration deadAfter) {
        this.store = store;
        this.identity = identity;
        this.release = release;
        this.released = released;
        this.idFile = dataDir.resolve(FILE_NAME).toAbsolutePath();
        this.interval = interval;
        this.deadAfter = deadAfter;
    }

    /** The trust an instance may place in its last heartbeat: a heartbeat's margin below {@code deadAfter}. */
    public static long trustNanos(Duration interval, Duration deadAfter) {
        return deadAfter.minus(interval).toNanos();
    }

    /**
     * Registers this instance, takes over its previous run's deliveries and starts beating. Fails the
     * start-up when the database cannot take the registration: an instance without a heartbeat would
     * be taken over by the others while it works.
     */
    public void start() {
        String previous = readPreviousId();
        long started = System.nanoTime();
        try {
            store.register(identity.id(), host());
            identity.beaten(started);
            writeId(identity.id());
            LOG.info("This instance is {} (heartbeat every {}, declared dead after {} without one)",
                    identity.id(), interval, deadAfter);
            if (previous != null) {
                // more than two missed heartbeats: not a live instance sharing this data dir
                List<String> dead = store.declarePredecessorDead(identity.id(), previous, interval.multipliedBy(2));
                if (dead.isEmpty()) {
                    LOG.debug("Previous run {} already taken over or still beating", previous);
                } else {
                    int n = release.release(dead);
                    released.accept("restart", n);
                    LOG.info("Restarted after {}: {} deliveries it held are due now", previous, n);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register this instance in the database: " + e.getMessage(), e);
        }
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        long started = System.nanoTime();
        try {
            if (store.beat(identity.id())) {
                identity.beaten(started);
            } else {
                String old = identity.id();
                String fresh = InstanceIdentity.newId();
                store.register(fresh, host());
                identity.renamed(fresh, started);
                writeId(fresh);
                LOG.warn("This instance was declared dead as {} (no heartbeat for {}: paused, or cut off from the "
                        + "database); another took over its deliveries. Continuing as {}", old, deadAfter, fresh);
            }
            if (failing) {
                failing = false;
                LOG.info("Heartbeat recorded again");
            }
            if (healthySinceNanos < 0) {
                healthySinceNanos = started;
            }
            if (started - healthySinceNanos >= deadAfter.toNanos()) {
                takeOver();
            }
            if (++ticks % 3600 == 0) {
                store.forget(FORGET_AFTER);
            }
        } catch (Exception e) {
            healthySinceNanos = -1;
            if (!failing) {
                failing = true;
                LOG.warn("Cannot record this instance's heartbeat: {}", e.getMessage());
            }
        }
    }

    private void takeOver() throws SQLException {
        List<String> dead = store.declareDead(identity.id(), deadAfter);
        if (!dead.isEmpty()) {
            int n = release.release(dead);
            released.accept("takeover", n);
            LOG.warn("Instance(s) {} stopped beating for {}: {} deliveries they held are due now", dead, deadAfter, n);
        }
    }

    /** Stops beating and says so, so the others need not wait {@code deadAfter} for what this one leaves. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            store.stopped(identity.id());
        } catch (SQLException e) {
            LOG.warn("Cannot record that this instance stopped: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String readPreviousId() {
        try {
            return Files.exists(idFile) ? Files.readString(idFile, StandardCharsets.US_ASCII).trim() : null;
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", idFile, e.getMessage());
            return null;
        }
    }

    private void writeId(String id) {
        try {
            Files.createDirectories(idFile.getParent());
            Files.writeString(idFile, id + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("Cannot write {}: a restart will not recognise this run's deliveries ({})", idFile, e.getMessage());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }
}
