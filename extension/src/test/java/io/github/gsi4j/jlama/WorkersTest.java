package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The decoder's parallel loops: every index once, failures rethrown, nested and concurrent loops complete. */
class WorkersTest {

    @Test
    void everyIndexRunsExactlyOnceLoopAfterLoop() {
        for (int round = 0; round < 2000; round++) {
            int count = 1 + round % 37;
            AtomicIntegerArray runs = new AtomicIntegerArray(count);
            Workers.run(count, runs::incrementAndGet);
            for (int i = 0; i < count; i++) {
                assertThat(runs.get(i)).as("round %d index %d", round, i).isEqualTo(1);
            }
        }
    }

    @Test
    void aFailingTaskIsRethrownAfterEveryTaskRan() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        assertThatThrownBy(() -> Workers.run(64, i -> {
            runs.incrementAndGet(i);
            if (i == 5) {
                throw new IllegalStateException("task 5");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 5");
        for (int i = 0; i < 64; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
        AtomicIntegerArray after = new AtomicIntegerArray(8); // and the next loop runs normally
        Workers.run(8, after::incrementAndGet);
        assertThat(after.toString()).isEqualTo("[1, 1, 1, 1, 1, 1, 1, 1]");
    }

    @Test
    void nestedAndConcurrentLoopsComplete() throws Exception {
        int outer = 16;
        int inner = 8;
        AtomicIntegerArray runs = new AtomicIntegerArray(2 * outer * inner);
        CompletableFuture<?>[] callers = new CompletableFuture<?>[2];
        for (int c = 0; c < 2; c++) {
            int base = c * outer * inner;
            callers[c] = CompletableFuture.runAsync(() -> {
                for (int round = 0; round < 50; round++) {
                    Workers.run(outer, o -> Workers.run(inner, i -> runs.incrementAndGet(base + o * inner + i)));
                }
            });
        }
        CompletableFuture.allOf(callers).get();
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("index %d", i).isEqualTo(50);
        }
    }
}
