package io.github.gsi4j.core;

/**
 * How drafts and fallback base steps are sampled: part of {@link GsiOptions}, set with its builder.
 *
 * @param draftTemperature draft sampling temperature T_S; default 0.7
 * @param baseTemperature base sampling temperature T_B for fallback steps; default 0.7
 * @param topP nucleus mass for draft and fallback sampling; default 1 (off)
 * @param topK top-k for draft and fallback sampling; default 0 (off)
 * @param stepDelimiter a step ends after the first token whose text contains this; default {@code "\n\n"}
 * @param proposalDensity which log-density the draft reports; default {@link ProposalDensity#EXACT}
 */
public record Sampling(double draftTemperature, double baseTemperature, double topP, int topK,
        String stepDelimiter, ProposalDensity proposalDensity) {

    /** The draft's sampling parameters for a step of at most {@code stepTokens} tokens. */
    public SamplingParams draft(int stepTokens) {
        return new SamplingParams(draftTemperature, topP, topK, stepTokens, stepDelimiter, proposalDensity);
    }

    /** The base's fallback sampling parameters for a step of at most {@code stepTokens} tokens. */
    public SamplingParams base(int stepTokens) {
        return new SamplingParams(baseTemperature, topP, topK, stepTokens, stepDelimiter, ProposalDensity.EXACT);
    }
}
