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

    private static int queued(GroupCommit<?, ?> commit) {
        return commit.queued();
    }
}
