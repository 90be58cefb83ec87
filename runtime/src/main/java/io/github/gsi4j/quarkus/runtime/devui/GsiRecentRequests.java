package io.github.gsi4j.quarkus.runtime.devui;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;

/**
 * The last GSI requests' statistics, for the Dev UI card (dev mode only).
 */
public class GsiRecentRequests {

    /** How many requests are kept. */
    static final int CAPACITY = 50;

    /**
     * One request as the Dev UI shows it.
     *
     * @param at when the response was complete
     * @param model the GSI model's name
     * @param policy the decoding policy
     * @param steps accepted steps
     * @param draftSteps steps accepted from the draft
     * @param fallbackSteps steps decided by base samples
     * @param acceptanceRate draftSteps / steps
     * @param draftTokens tokens the draft sampled
     * @param baseTokensScored candidate tokens the base scored
     * @param baseTokensGenerated tokens the base sampled
     * @param draftMs time drafting
     * @param rewardMs time scoring rewards
     * @param baseScoreMs time scoring with the base
     * @param baseGenerateMs time sampling with the base
     * @param otherMs the engine's own time
     * @param totalMs wall time
     * @param degradedSteps steps that went on without the base or reward model
     */
    public record Summary(String at, String model, String policy, int steps, int draftSteps, int fallbackSteps,
            double acceptanceRate, long draftTokens, long baseTokensScored, long baseTokensGenerated, double draftMs,
            double rewardMs, double baseScoreMs, double baseGenerateMs, double otherMs, double totalMs,
            int degradedSteps) {

        static Summary of(GsiChatResponseMetadata meta) {
            GsiStats s = meta.stats();
            return new Summary(Instant.now().toString(), meta.modelName(), String.valueOf(meta.policy()), s.steps(),
                    s.draftSteps(), s.fallbackSteps(), s.acceptanceRate(), s.draftTokens(), s.baseTokensScored(),
                    s.baseTokensGenerated(), s.draftNanos() / 1e6, s.rewardNanos() / 1e6, s.baseScoreNanos() / 1e6,
                    s.baseGenerateNanos() / 1e6, s.otherNanos() / 1e6, s.totalNanos() / 1e6, s.degradedSteps());
        }
    }

    private final Deque<Summary> recent = new ArrayDeque<>();

    /** Keeps a GSI response's statistics (bypassed responses have none and are skipped). */
    public synchronized void add(GsiChatResponseMetadata meta) {
        if (meta.stats() == null) {
            return;
        }
        if (recent.size() == CAPACITY) {
            recent.removeLast();
        }
        recent.addFirst(Summary.of(meta));
    }

    /** The kept requests, newest first. */
    public synchronized List<Summary> list() {
        return new ArrayList<>(recent);
    }
}
