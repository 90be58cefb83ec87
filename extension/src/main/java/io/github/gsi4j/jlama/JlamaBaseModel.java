package io.github.gsi4j.jlama;

import java.util.List;
import java.util.SplittableRandom;

import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;

/**
 * The base model πB embedded in the JVM on Jlama, the default that runs GSI without a GPU: scores
 * candidates at temperature 1 from one prefill of the prefix and samples fallback steps with the same
 * code as {@link JlamaDraftModel}. Thread-safe (see {@link JlamaModel}).
 */
public final class JlamaBaseModel extends JlamaAdapter implements BaseModel {

    /**
     * @param model the loaded model
     * @param ownsModel whether {@link #close()} closes the model
     */
    public JlamaBaseModel(JlamaModel model, boolean ownsModel) {
        super(model, ownsModel);
    }

    @Override
    public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
        return model.logProbs(prefix, candidates);
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
        return model.sampleSteps(prefix, n, params, new SplittableRandom(seed));
    }
}
