package io.github.gsi4j.core;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The small proposal model πS: samples candidate steps and reports the exact log-density of each
 * under the distribution it was sampled from (see {@link SamplingParams#proposalDensity()}).
 *
 * <p>
 * Implementations must be safe for concurrent callers (guard or pool model state) and should compute
 * the prefix once for all {@code n} candidates.
 */
public interface DraftModel extends AutoCloseable {

    /**
     * Samples {@code n} independent steps after {@code prefix}.
     *
     * @param prefix the prompt and accepted steps so far, as token ids; not modified
     * @param n how many candidates, at least 1
     * @param params sampling distribution and step boundary
     * @param random the source of randomness; the only one the implementation may use
     * @return exactly {@code n} candidates, each with at least one token
     */
    List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random);

    /** Releases model resources; the default does nothing. */
    @Override
    default void close() {
    }
}
