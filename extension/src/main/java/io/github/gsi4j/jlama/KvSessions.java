package io.github.gsi4j.jlama;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A few KV caches of one model, each remembering which tokens it holds, so that a request's next
 * step (its previous prefix plus the accepted step) prefills only the new tokens. The caller holds the
 * model's lock; the least recently used cache is reused when a new one is needed.
 *
 * @param <C> the cache type: Jlama's {@code KvBuffer} or the batched decoder's {@link KvCache}
 */
final class KvSessions<C extends AutoCloseable> implements AutoCloseable {

    /** One KV cache and what it holds. */
    static final class Session<C> {
        final C kv;
        /** Tokens whose keys and values are valid, from position 0. */
        int[] tokens = new int[0];
        /** The next-token logits after {@code tokens}; null when not known. */
        float[] lastLogits;
        long lastUsed;

        Session(C kv) {
            this.kv = kv;
        }
    }

    private final Supplier<C> factory;
    private final int capacity;
    private final List<Session<C>> sessions = new ArrayList<>();
    private long clock;

    KvSessions(Supplier<C> factory, int capacity) {
        this.factory = factory;
        this.capacity = capacity;
    }

    /** The session sharing the longest prefix with {@code prefix} (a new or recycled one if none does). */
    Session<C> acquire(int[] prefix) {
        Session<C> best = null;
        int bestLength = 0;
        for (Session<C> s : sessions) {
            int common = commonPrefix(s.tokens, prefix);
            if (common > bestLength) {
                best = s;
                bestLength = common;
            }
        }
        if (best == null) {
            if (sessions.size() < capacity) {
                best = new Session<>(factory.get());
                sessions.add(best);
            } else {
                best = sessions.get(0);
                for (Session<C> s : sessions) {
                    if (s.lastUsed < best.lastUsed) {
                        best = s;
                    }
                }
                best.tokens = new int[0];
                best.lastLogits = null;
            }
        }
        best.lastUsed = ++clock;
        return best;
    }

    /** The most leading tokens of {@code prefix} that one cache holds. */
    int longestCached(int[] prefix) {
        int best = 0;
        for (Session<C> s : sessions) {
            best = Math.max(best, commonPrefix(s.tokens, prefix));
        }
        return best;
    }

    /** The number of KV caches alive. */
    int size() {
        return sessions.size();
    }

    static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    @Override
    public void close() {
        for (Session<C> s : sessions) {
            try {
                s.kv.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close a KV cache", e);
            }
        }
        sessions.clear();
    }
}
