package io.github.gsi4j.core;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The threads of a decode: the request's deadline, and the task that scores beside the step loop. An
 * interrupt (a deadline, a cancellation) reaches the work running on them, and a task's own exception
 * reaches the caller unwrapped.
 */
final class Tasks {

    /** The default executor of parallel scoring: a new virtual thread per task. */
    static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("gsi-scoring").start(task);

    private Tasks() {
    }

    /**
     * Runs {@code work} on its own virtual thread and waits at most {@code timeout}; on expiry the work is
     * told to stop (the supplier it is given answers true) and interrupted (interrupting its HTTP calls, retry
     * waits and parallel scoring), and the caller gets a {@link GsiTimeoutException} at once.
     */
    static <T> T withDeadline(Duration timeout, Function<BooleanSupplier, T> work) {
        AtomicBoolean expired = new AtomicBoolean();
        FutureTask<T> task = new FutureTask<>(() -> work.apply(expired::get));
        Thread.ofVirtual().name("gsi-decode").start(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            expired.set(true);
            task.cancel(true);
            throw new GsiTimeoutException(timeout, "decoding did not finish within " + timeout + " (timeout)");
        } catch (InterruptedException e) {
            expired.set(true);
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new GsiCancelledException("interrupted while decoding");
        } catch (ExecutionException e) {
            return throwCause(e, "decoding failed");
        }
    }

    /**
     * Runs {@code forked} on {@code executor} while {@code here} runs on this thread, and combines their
     * results. When {@code here} fails, {@code forked} is cancelled (interrupted) and the failure thrown.
     */
    static <A, B, R> R inParallel(Executor executor, Supplier<A> forked, Supplier<B> here,
            BiFunction<A, B, R> combine) {
        FutureTask<A> task = new FutureTask<>(forked::get);
        executor.execute(task);
        B own;
        try {
            own = here.get();
        } catch (RuntimeException | Error e) {
            task.cancel(true);
            throw e;
        }
        return combine.apply(join(task), own);
    }

    /** The task's result; an interrupt (deadline, cancellation) interrupts the task too. */
    private static <T> T join(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new GsiCancelledException("interrupted while scoring in parallel");
        } catch (ExecutionException e) {
            return throwCause(e, "parallel scoring failed");
        }
    }

    /** Throws the task's own exception: an unchecked one as it is, a checked one wrapped in a {@link GsiException}. */
    private static <T> T throwCause(ExecutionException e, String what) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new GsiException(what + ": " + cause, cause);
    }
}
