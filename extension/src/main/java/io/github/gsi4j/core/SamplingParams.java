package io.github.gsi4j.core;

import java.util.Objects;

/**
 * How a model samples one step: the token-level sampling distribution and where a step ends.
 *
 * @param temperature softmax temperature; 0 means greedy (arg-max, reported log-density 0)
 * @param topP nucleus mass in (0, 1]; 1 disables nucleus filtering
 * @param topK keep only the k most likely tokens; 0 disables top-k filtering
 * @param maxTokens the most tokens one step may have
 * @param stepDelimiter a step ends after the first token whose decoded text contains this string
 * @param proposalDensity which log-density sampled steps report
 */
public record SamplingParams(double temperature, double topP, int topK, int maxTokens, String stepDelimiter,
        ProposalDensity proposalDensity) {

    public SamplingParams {
        Checks.inRange("temperature", temperature, 0, GsiOptions.MAX_TEMPERATURE);
        Checks.inRangeExclusiveLow("topP", topP, 0, 1);
        Checks.inRange("topK", topK, 0, Integer.MAX_VALUE);
        Checks.inRange("maxTokens", maxTokens, 1, Integer.MAX_VALUE);
        Checks.notEmpty("stepDelimiter", stepDelimiter);
        Objects.requireNonNull(proposalDensity, "proposalDensity");
    }

    /** The same parameters with a different per-step token limit. */
    public SamplingParams withMaxTokens(int newMaxTokens) {
        return newMaxTokens == maxTokens ? this
                : new SamplingParams(temperature, topP, topK, newMaxTokens, stepDelimiter, proposalDensity);
    }
}
