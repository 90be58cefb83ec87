package io.github.gsi4j.core;

import java.util.List;

/**
 * The large target model πB. It scores candidate steps (log πB(y | x) at temperature 1, all candidates
 * in one batched call) and samples steps itself when the policy falls back.
 *
 * <p>
 * Implementations must be safe for concurrent callers.
 */
public interface BaseModel extends AutoCloseable {

    /**
     * The log-probability of each candidate's tokens after {@code prefix}, at temperature 1: the sum
     * of the base model's token log-probabilities. {@code -Infinity} (or a large negative number) is
     * allowed for impossible continuations.
     *
     * @param prefix the prompt and accepted steps so far, as token ids; not modified
     * @param candidates the steps to score
     * @return one value per candidate, in the candidates' order, each at most 0
     */
    double[] logProbs(int[] prefix, List<StepCandidate> candidates);

    /**
     * Samples {@code n} steps after {@code prefix}, ending each at the step delimiter, end of sequence,
     * or {@link SamplingParams#maxTokens()}.
     *
     * @param prefix the prompt and accepted steps so far, as token ids; not modified
     * @param n how many steps, at least 1
     * @param params sampling distribution and step boundary
     * @param seed seed for the sampling; equal seeds give equal steps on a deterministic model
     * @return exactly {@code n} steps, each with at least one token
     */
    List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed);

    /** Releases model resources; the default does nothing. */
    @Override
    default void close() {
    }
}
