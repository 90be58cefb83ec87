package io.github.gsi4j.core;

import java.util.List;

/**
 * The reward model r: scores each candidate step as a continuation of the partial solution.
 *
 * <p>
 * Scores must lie in [0, 1] (a process reward model's probability that the step is correct),
 * unless the decoder is configured with a {@link RewardNormalizer} that maps raw scores into that
 * range. Implementations must be safe for concurrent callers.
 */
@FunctionalInterface
public interface RewardScorer {

    /**
     * Scores the candidates, all in one call where the scorer supports batching.
     *
     * @param context the question and the accepted steps so far
     * @param candidates the candidate next steps
     * @return one score per candidate, in the candidates' order
     */
    double[] score(RewardContext context, List<StepCandidate> candidates);
}
