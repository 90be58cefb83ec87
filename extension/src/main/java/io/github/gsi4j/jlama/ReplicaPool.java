package io.github.gsi4j.jlama;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.github.gsi4j.core.GsiCancelledException;

/**
 * Copies of one model that serve concurrent callers: each call takes a free replica (waiting, first come
 * first served, when all are busy), preferring the one whose KV caches already hold the longest part of
 * the call's prefix, so a request's next step usually lands where its previous step left its cache.
 * A replica busy in another role (an embedded base sharing the draft's model) comes last. Ties go to the
 * lowest index, so a lone caller always uses the first replica.
 */
final class ReplicaPool {

    private final List<JlamaModel> replicas;
    private final boolean[] busy;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition freed = lock.newCondition();

    ReplicaPool(List<JlamaModel> replicas) {
        this.replicas = List.copyOf(replicas);
        this.busy = new boolean[this.replicas.size()];
    }

    int size() {
        return replicas.size();
    }

    /** The replicas, the first one first. */
    List<JlamaModel> replicas() {
        return replicas;
    }

    /** Runs {@code work} on a free replica chosen for {@code prefix}. */
    <T> T apply(int[] prefix, Function<JlamaModel, T> work) {
        if (replicas.size() == 1) {
            return work.apply(replicas.get(0));
        }
        int index = acquire(prefix);
        try {
            return work.apply(replicas.get(index));
        } finally {
            release(index);
        }
    }

    private int acquire(int[] prefix) {
        lock.lock();
        try {
            while (true) {
                int best = -1;
                int bestCached = Integer.MIN_VALUE;
                for (int i = 0; i < busy.length; i++) {
                    if (!busy[i]) {
                        int cached = replicas.get(i).cachedPrefixLength(prefix);
                        if (cached > bestCached) {
                            best = i;
                            bestCached = cached;
                        }
                    }
                }
                if (best >= 0) {
                    busy[best] = true;
                    return best;
                }
                try {
                    freed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GsiCancelledException("interrupted while waiting for a free draft model replica");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void release(int index) {
        lock.lock();
        try {
            busy[index] = false;
            freed.signal();
        } finally {
            lock.unlock();
        }
    }
}
