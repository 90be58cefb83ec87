package io.github.gsi4j.core;

import java.util.List;

/**
 * What happened in one step, for callers that ask for a trace ({@link GsiOptions#trace()}).
 *
 * @param step the step's index, from 0
 * @param fromDraft whether the accepted step is a draft (false: a base sample from the fallback)
 * @param pickedDraft the draft the policy picked (accepted, or rejected before the fallback); -1 if none
 * @param fallbackReason why the step fell back to the base model; null if it did not
 * @param drafts the drafts, empty for policies without drafts
 * @param rewards the drafts' rewards
 * @param baseLogProbs the drafts' base log-probabilities, null if not scored
 * @param draftLogProbs the drafts' proposal log-densities
 * @param z the drafts' tilted log-weights, null if not scored
 * @param baseSamples the fallback's base samples, empty without fallback
 * @param baseSampleRewards their rewards, null without fallback
 * @param accepted the accepted step
 */
public record StepTrace(int step, boolean fromDraft, int pickedDraft, String fallbackReason,
        List<StepCandidate> drafts, double[] rewards, double[] baseLogProbs, double[] draftLogProbs, double[] z,
        List<StepCandidate> baseSamples, double[] baseSampleRewards, StepCandidate accepted) {
}
