package io.github.gsi4j.core;

import java.util.List;

/**
 * One step's drafts with their scores: rewards, base log-probabilities, proposal log-densities and
 * the tilted log-weights z = β·r + log πB − log q. {@code baseLogProbs} and {@code z} are null for
 * policies that do not score drafts with the base model.
 */
record DraftScores(List<StepCandidate> drafts, double[] rewards, double[] baseLogProbs, double[] draftLogProbs,
        double[] z) {

    static DraftScores of(List<StepCandidate> drafts, double[] rewards, double[] baseLogProbs, double beta) {
        double[] lq = new double[drafts.size()];
        for (int i = 0; i < lq.length; i++) {
            lq[i] = drafts.get(i).logProb();
        }
        double[] z = null;
        if (baseLogProbs != null) {
            z = new double[lq.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = beta * rewards[i] + baseLogProbs[i] - lq[i];
            }
        }
        return new DraftScores(drafts, rewards, baseLogProbs, lq, z);
    }
}
