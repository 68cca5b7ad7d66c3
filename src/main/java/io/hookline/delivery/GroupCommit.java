package io.hookline.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Group commit for ledger writes: many delivery threads each hand in one item and wait, and a
 * few writer threads turn whatever has queued up meanwhile into one SQL statement. Under load a
 * round trip carries dozens of deliveries; alone, an item waits for no timer, only for the write
 * already under way. The caller still returns only once its item is in PostgreSQL.
 *
 * <p>A batch shares one fate, so a batch that fails is written again item by item: one item the
 * database refuses fails its own caller only, never the others it happened to share a statement
 * with. An item that fails alone is logged and counted ({@link #failedItems()}). Failures that
 * are no item's fault (the database unreachable) fail the whole batch at once instead.
 *
 * @param <I> what a caller hands in
 * @param <O> what each caller gets back
 */
public final class GroupCommit<I, O> implements AutoCloseable {

    /** Writes one batch; returns one result per item, in the items' order. */
    @FunctionalInterface
    public interface Writer<I, O> {
        List<O> write(List<I> batch) throws Exception;
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final String name;
    private final Writer<I, O> writer;
    private final int maxBatch;
    private final Predicate<Throwable> itemMayBeAtFault;
    private final AtomicLong failedItems = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public GroupCommit(String name, int writers, int maxBatch, Writer<I, O> writer) {
        this(name, writers, maxBatch, writer, e -> true);
    }

    /**
     * @param itemMayBeAtFault whether a batch that failed this way is worth writing again item by
     *                         item; false for failures no item causes, such as a lost connection
     */
    public GroupCommit(String name, int writers, int maxBatch, Writer<I, O> writer,
                       Predicate<Throwable> itemMayBeAtFault) {
        this.name = name;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.itemMayBeAtFault = itemMayBeAtFault;
        for (int i = 0; i < writers; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Hands in one item and waits until the batch holding it is written. */
    public O submit(I item) throws Exception {
        if (!running) {
            throw new IllegalStateException("group commit stopped");
        }
        CompletableFuture<O> result = new CompletableFuture<>();
        queue.add(new Pending<>(item, result));
        return await(result);
    }

    /** Hands in several items at once and waits until all are written: they may share one batch. */
    public List<O> submitAll(List<I> items) throws Exception {
        if (!running) {
            throw new IllegalStateException("group commit stopped");
        }
        List<CompletableFuture<O>> results = new ArrayList<>(items.size());
        for (I item : items) {
            CompletableFuture<O> result = new CompletableFuture<>();
            results.add(result);
            queue.add(new Pending<>(item, result));
        }
        List<O> answers = new ArrayList<>(items.size());
        for (CompletableFuture<O> result : results) {
            answers.add(await(result));
        }
        return answers;
    }

    /** The writer's answer, or the exception it failed with. */
    private static <O> O await(CompletableFuture<O> result) throws Exception {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void run() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        List<I> items = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                for (Pending<I, O> p : batch) {
                    items.add(p.item());
                }
                complete(batch, items);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
                items.clear();
            }
        }
    }

    private void complete(List<Pending<I, O>> batch, List<I> items) {
        List<O> results;
        try {
            results = write(items);
        } catch (Throwable e) {
            if (batch.size() > 1 && itemMayBeAtFault.test(e)) {
                completeOneByOne(batch);
                return;
            }
            if (batch.size() == 1) {
                itemFailed(e);
            }
            for (Pending<I, O> p : batch) {
                p.result().completeExceptionally(e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private void completeOneByOne(List<Pending<I, O>> batch) {
        for (Pending<I, O> p : batch) {
            try {
                p.result().complete(write(List.of(p.item())).get(0));
            } catch (Throwable e) {
                itemFailed(e);
                p.result().completeExceptionally(e);
            }
        }
    }

    private List<O> write(List<I> items) throws Exception {
        List<O> results = writer.write(items);
        if (results.size() != items.size()) {
            throw new IllegalStateException(
                    "batch writer answered " + results.size() + " results for " + items.size() + " items");
        }
        return results;
    }

    private void itemFailed(Throwable e) {
        if (!itemMayBeAtFault.test(e)) {
            return; // the database, not the item: said by whoever sees the outage
        }
        failedItems.incrementAndGet();
        LOG.error("{}: an item could not be written, even alone; its caller is told: {}", name, e.toString());
    }

    /** Items that could not be written even alone, since start. */
    public long failedItems() {
        return failedItems.get();
    }

    /** Items waiting for a write. */
    int queued() {
        return queue.size();
    }

    /** Writes what is queued, then stops the writer threads. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
