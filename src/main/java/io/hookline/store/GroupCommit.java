package io.hookline.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for ledger writes: many delivery threads each hand in one item and wait, and a
 * few writer threads turn whatever has queued up meanwhile into one SQL statement. Under load a
 * round trip carries dozens of deliveries; alone, an item waits for no timer, only for the write
 * already under way. The caller still returns only once its item is in PostgreSQL.
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

    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Writer<I, O> writer;
    private final int maxBatch;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public GroupCommit(String name, int writers, int maxBatch, Writer<I, O> writer) {
        this.writer = writer;
        this.maxBatch = maxBatch;
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
            results = writer.write(items);
        } catch (Throwable e) {
            for (Pending<I, O> p : batch) {
                p.result().completeExceptionally(e);
            }
            return;
        }
        if (results.size() != batch.size()) {
            IllegalStateException e = new IllegalStateException(
                    "batch writer answered " + results.size() + " results for " + batch.size() + " items");
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
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
