package io.github.gsi4j.jlama;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.github.gsi4j.core.GsiCancelledException;

/**
 * The one fair lock of a {@link JlamaModel}: its working buffers and KV caches are not safe for concurrent
 * use. Callers wait in turn, an interrupted caller stops waiting ({@link GsiCancelledException}), and a long
 * call can {@linkplain #yieldTurn() let a waiting one go first} between two parts of its work.
 */
final class ModelLock {

    private final ReentrantLock lock = new ReentrantLock(true);
    private final String model;

    /** @param model the model's name, for the cancellation message */
    ModelLock(String model) {
        this.model = model;
    }

    /** Runs {@code work} holding the lock, waiting in turn. */
    <T> T call(Supplier<T> work) {
        acquire();
        try {
            return work.get();
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    /**
     * Runs {@code work} holding the lock, waiting in turn even when interrupted (for closing, which must not be
     * skipped); the interrupt stays set.
     */
    void runUninterruptibly(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} holding the lock if it is free, else returns {@code busy} at once. */
    <T> T callIfFree(Supplier<T> work, T busy) {
        if (!lock.tryLock()) {
            return busy;
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Within {@link #call}: when another call waits for the model, lets it go first and waits for the next
     * turn (the fair lock queues this caller behind it).
     */
    void yieldTurn() {
        if (lock.hasQueuedThreads()) {
            lock.unlock();
            acquire();
        }
    }

    private void acquire() {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsiCancelledException("interrupted while waiting for model " + model);
        }
    }
}
