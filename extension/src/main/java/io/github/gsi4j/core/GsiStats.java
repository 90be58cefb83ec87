package io.github.gsi4j.core;

import java.time.Duration;

/**
 * Counters and timings of one decode request.
 *
 * <p>
 * Phase times are measured around each model call. Reward and base scoring of a step run in
 * parallel, so {@code rewardNanos + baseScoreNanos} can exceed their share of the wall time;
 * {@code otherNanos} is the wall time outside all model calls (the engine's own overhead).
 *
 * @param seed the seed of the request's random streams (to reproduce it)
 * @param steps accepted steps
 * @param draftSteps steps whose accepted candidate is a draft
 * @param fallbackSteps steps decided by sampling the base model
 * @param draftTokens tokens sampled by the draft model, all candidates
 * @param baseTokensScored candidate tokens scored by the base model (prefixes not counted)
 * @param baseTokensGenerated tokens sampled by the base model, all fallback samples
 * @param outputTokens tokens of the accepted steps
 * @param rewardCalls calls to the reward scorer
 * @param meanZ mean tilted log-weight z of the drafts picked by the policy; NaN if none
 * @param minZ smallest such z; NaN if none
 * @param draftNanos time in draft sampling
 * @param rewardNanos time in reward scoring
 * @param baseScoreNanos time in base scoring
 * @param baseGenerateNanos time in base sampling
 * @param otherNanos wall time outside model calls
 * @param totalNanos wall time of the request
 * @param degradedSteps steps that went on without an unavailable base or reward model
 * @param degradations why, one entry per distinct reason
 */
public record GsiStats(long seed, int steps, int draftSteps, int fallbackSteps, long draftTokens,
        long baseTokensScored, long baseTokensGenerated, long outputTokens, int rewardCalls, double meanZ, double minZ,
        long draftNanos, long rewardNanos, long baseScoreNanos, long baseGenerateNanos, long otherNanos,
        long totalNanos, int degradedSteps, java.util.List<String> degradations) {

    public GsiStats {
        degradations = java.util.List.copyOf(degradations);
    }

    /** Whether any step went on without an unavailable base or reward model. */
    public boolean degraded() {
        return degradedSteps > 0;
    }

    /** The fraction of steps whose accepted candidate is a draft; 0 when there were no steps. */
    public double acceptanceRate() {
        return steps == 0 ? 0 : (double) draftSteps / steps;
    }

    public Duration draftTime() {
        return Duration.ofNanos(draftNanos);
    }

    public Duration rewardTime() {
        return Duration.ofNanos(rewardNanos);
    }

    public Duration baseScoreTime() {
        return Duration.ofNanos(baseScoreNanos);
    }

    public Duration baseGenerateTime() {
        return Duration.ofNanos(baseGenerateNanos);
    }

    public Duration otherTime() {
        return Duration.ofNanos(otherNanos);
    }

    public Duration totalTime() {
        return Duration.ofNanos(totalNanos);
    }
}
