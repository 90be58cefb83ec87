package io.github.gsi4j.jlama;

import java.util.List;
import java.util.random.RandomGenerator;

import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;

/**
 * The draft model πS running in the JVM on Jlama: n candidate steps per call from one prefill of the
 * prefix, sampled with temperature, top-k and top-p applied to raw logits by {@link
 * io.github.gsi4j.core.TokenSampler}, so each candidate's log-density is exactly that of the
 * distribution it was drawn from. Thread-safe (see {@link JlamaModel}).
 */
public final class JlamaDraftModel extends JlamaAdapter implements DraftModel {

    /**
     * @param model the loaded model
     * @param ownsModel whether {@link #close()} closes the model
     */
    public JlamaDraftModel(JlamaModel model, boolean ownsModel) {
        super(model, ownsModel);
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
        return model.sampleSteps(prefix, n, params, random);
    }
}
