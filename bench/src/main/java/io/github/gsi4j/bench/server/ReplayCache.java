package io.github.gsi4j.bench.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The answers a {@link GpuLikeServer} gave, for answering identical requests (same path and body) again without
 * computing them: a run primed with the same requests then charges the host only for what the application does.
 * Only successful answers are kept; off by default, and cleared when turned off.
 */
final class ReplayCache {

    /**
     * An answer as sent.
     *
     * @param status the HTTP status
     * @param body the JSON body
     * @param modelledNanos the modelled GPU time, paid again when replayed
     */
    record Answer(int status, byte[] body, long modelledNanos) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicLong replayed = new AtomicLong();
    private volatile boolean on;

    /** Turns replay on or off (off clears the kept answers). */
    void enable(boolean on) {
        this.on = on;
        if (!on) {
            answers.clear();
        }
    }

    /** How many requests were answered from earlier answers. */
    long replayed() {
        return replayed.get();
    }

    /** The answer given before to this request when replay is on and there is one; else {@code compute}'s. */
    Answer answer(String path, byte[] request, Supplier<Answer> compute) {
        if (!on) {
            return compute.get();
        }
        String key = path + '\n' + new String(request, StandardCharsets.UTF_8);
        Answer answer = answers.get(key);
        if (answer != null) {
            replayed.incrementAndGet();
            return answer;
        }
        answer = compute.get();
        if (answer.status() == 200) {
            answers.put(key, answer);
        }
        return answer;
    }
}
