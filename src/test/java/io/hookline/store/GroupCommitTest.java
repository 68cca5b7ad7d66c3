package io.hookline.store;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    @Test
    void eachCallerGetsTheResultOfItsOwnItem() throws Exception {
        try (GroupCommit<Integer, String> commit = new GroupCommit<>("t", 2, 16,
                batch -> batch.stream().map(i -> "r" + i).toList())) {
            ExecutorService callers = Executors.newFixedThreadPool(16);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int item = i;
                results.add(callers.submit(() -> commit.submit(item)));
            }
            for (int i = 0; i < 500; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("r" + i);
            }
            callers.shutdown();
        }
    }

    @Test
    void itemsHandedInTogetherAreEachWrittenOnceAndAnsweredInTheirOrder() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, String> commit = new GroupCommit<>("t", 1, 64, batch -> {
            batchSizes.add(batch.size());
            return batch.stream().map(i -> "r" + i).toList();
        })) {
            assertThat(commit.submitAll(List.of(5, 4, 3, 2, 1))).containsExactly("r5", "r4", "r3", "r2", "r1");
        }
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
    }

    @Test
    void itemsHandedInWhileAWriteIsUnderWayShareTheNextWrite() throws Exception {
        CountDownLatch firstWriteEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("t", 1, 64, batch -> {
            batchSizes.add(batch.size());
            firstWriteEntered.countDown();
            releaseFirstWrite.await();
            return batch;
        })) {
            ExecutorService callers = Executors.newFixedThreadPool(11);
            Future<Integer> first = callers.submit(() -> commit.submit(0));
            assertThat(firstWriteEntered.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> waiting = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int item = i;
                waiting.add(callers.submit(() -> commit.submit(item)));
            }
            // all ten queue up behind the write under way
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                    waiting.stream().noneMatch(Future::isDone) && queued(commit) == 10);
            releaseFirstWrite.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
            for (Future<Integer> f : waiting) {
                f.get(5, TimeUnit.SECONDS);
            }
            assertThat(batchSizes).containsExactly(1, 10);
            callers.shutdown();
        }
    }

    @Test
    void aFailedWriteFailsEveryCallerOfItsBatch() {
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("t", 1, 16, batch -> {
            throw new SQLException("database away");
        })) {
            assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(SQLException.class).hasMessage("database away");
        }
    }

    @Test
    void aWriterAnsweringTheWrongNumberOfResultsFailsItsCallers() {
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("t", 1, 16, batch -> List.of())) {
            assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aBatchRefusedForOneItemIsWrittenItemByItemSoOnlyThatItemFails() throws Exception {
        CountDownLatch firstWriteEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        List<List<Integer>> writes = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, String> commit = new GroupCommit<>("t", 1, 64, batch -> {
            writes.add(List.copyOf(batch));
            if (batch.contains(0)) {
                firstWriteEntered.countDown();
                releaseFirstWrite.await();
            }
            if (batch.contains(13)) {
                throw new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
            }
            return batch.stream().map(i -> "r" + i).toList();
        })) {
            ExecutorService callers = Executors.newFixedThreadPool(20);
            Future<String> first = callers.submit(() -> commit.submit(0));
            assertThat(firstWriteEntered.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> results = new ArrayList<>();
            for (int i = 1; i <= 19; i++) {
                int item = i;
                results.add(callers.submit(() -> commit.submit(item)));
            }
            // all nineteen share the next write, which item 13 fails
            org.awaitility.Awaitility.await().alias("19 items queued behind the first write")
                    .atMost(java.time.Duration.ofSeconds(5)).until(() -> queued(commit) == 19);
            releaseFirstWrite.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("r0");
            for (int i = 1; i <= 19; i++) {
                Future<String> result = results.get(i - 1);
                if (i == 13) {
                    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class)
                            .hasMessageContaining("0x00");
                } else {
                    assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("r" + i);
                }
            }
            assertThat(writes.get(1)).hasSize(19);
            // each item written once more, alone: none twice, none dropped
            assertThat(writes.subList(2, writes.size())).hasSize(19).allMatch(w -> w.size() == 1);
            assertThat(commit.failedItems()).isEqualTo(1);
            callers.shutdown();
        }
    }

    @Test
    void aBatchFailedByTheDatabaseItselfIsNotRetriedItemByItem() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>("t", 1, 16, batch -> {
            batchSizes.add(batch.size());
            throw new SQLException("connection refused", "08001");
        }, e -> !(e instanceof SQLException s && s.getSQLState().startsWith("08")));
        try (commit) {
            // the first item's failure ends the call: the writer may not have taken the others yet
            assertThatThrownBy(() -> commit.submitAll(List.of(1, 2, 3))).isInstanceOf(SQLException.class);
        }
        // closed: the writer has drained the queue, so every write it made is counted
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        assertThat(commit.failedItems()).isZero();
    }

    private static int queued(GroupCommit<?, ?> commit) {
        return commit.queued();
    }
}
