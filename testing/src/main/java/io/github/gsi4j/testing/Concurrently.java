package io.github.gsi4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs numbered tasks on many threads at once, for concurrency tests. */
public final class Concurrently {

    private Concurrently() {
    }

    /**
     * Runs tasks 0 .. threads·perThread−1, thread t running tasks t·perThread .. (t+1)·perThread−1 in order, all
     * threads released together; waits at most {@code timeout} and rethrows the first failure.
     *
     * @return the results in task order
     */
    public static <T> List<T> run(int threads, int perThread, java.time.Duration timeout, IntFunction<T> task)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<T>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                List<T> mine = new ArrayList<>();
                for (int k = 0; k < perThread; k++) {
                    mine.add(task.apply(thread * perThread + k));
                }
                return mine;
            }));
        }
        start.countDown();
        pool.shutdown();
        if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("the tasks did not end within " + timeout);
        }
        List<T> out = new ArrayList<>();
        for (Future<List<T>> f : futures) {
            out.addAll(f.get());
        }
        return out;
    }
}
