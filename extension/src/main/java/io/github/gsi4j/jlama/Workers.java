package io.github.gsi4j.jlama;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import com.github.tjake.jlama.math.VectorMath;

/**
 * The batched decoder's parallel loops: one per matrix product, attention and sampling, about a hundred per
 * decoded position, each a fraction of a millisecond. A fork/join pool wakes its parked workers for each and
 * leaves the calling thread waiting; here the caller takes tasks itself and the {@code availableProcessors −
 * 1} helper threads spin for {@value #SPIN_MICROS} µs after each loop before they park, so a loop that follows
 * within that time starts at once on every core (on the project's 2-core machine the cores were idle 10-20% of
 * a decoded position before). Tasks are taken in increasing order from a shared counter.
 * <p>
 * One loop runs at a time: a loop started while another runs (a second draft replica, or a loop inside a task)
 * runs on Jlama's fork/join executor instead, or on the calling thread when that is a helper.
 */
final class Workers {

    /** How long a helper spins for the next loop before it parks. */
    static final long SPIN_MICROS = 200;

    private static final Workers INSTANCE = new Workers(Runtime.getRuntime().availableProcessors() - 1);

    /** One parallel loop. */
    private static final class Loop {
        final IntConsumer body;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Loop(IntConsumer body, int count) {
            this.body = body;
            this.count = count;
        }

        /** Takes tasks until none is left. */
        void work() {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final Thread[] helpers;
    private final boolean[] parked;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Loop current;
    /** Written after {@link #current}, read by parking helpers: a volatile pair that no wake-up can slip between. */
    private final AtomicInteger sleepers = new AtomicInteger();

    private Workers(int helperCount) {
        this.helpers = new Thread[Math.max(0, helperCount)];
        this.parked = new boolean[helpers.length];
        for (int h = 0; h < helpers.length; h++) {
            int index = h;
            helpers[h] = Thread.ofPlatform().daemon().name("gsi4j-decoder-" + (h + 1)).unstarted(() -> help(index));
        }
        for (Thread t : helpers) {
            t.start();
        }
    }

    /**
     * Runs {@code body} for every index in {@code [0, count)} on the caller and the helpers, and returns when
     * all have run; the first exception a task throws is rethrown once every task has run.
     */
    static void run(int count, IntConsumer body) {
        INSTANCE.loop(count, body);
    }

    private void loop(int count, IntConsumer body) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || helpers.length == 0) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            if (isHelper()) {
                for (int i = 0; i < count; i++) {
                    body.accept(i);
                }
            } else {
                VectorMath.pfor(0, count, body);
            }
            return;
        }
        Loop loop = new Loop(body, count);
        try {
            current = loop;
            if (sleepers.get() > 0) {
                for (int h = 0; h < helpers.length; h++) {
                    if (parked[h]) {
                        LockSupport.unpark(helpers[h]);
                    }
                }
            }
            loop.work();
            while (loop.done.get() < count) {
                Thread.onSpinWait();
            }
        } finally {
            busy.set(false);
        }
        Throwable t = loop.failure;
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private boolean isHelper() {
        Thread me = Thread.currentThread();
        for (Thread t : helpers) {
            if (t == me) {
                return true;
            }
        }
        return false;
    }

    private void help(int index) {
        Loop seen = null;
        long spin = TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS);
        while (true) {
            Loop loop = current;
            if (loop != seen) {
                seen = loop;
                loop.work();
                continue;
            }
            long until = System.nanoTime() + spin;
            while (current == seen && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (current == seen) {
                parked[index] = true;
                sleepers.incrementAndGet();
                if (current == seen) {
                    LockSupport.park(this);
                }
                sleepers.decrementAndGet();
                parked[index] = false;
            }
        }
    }
}
