package io.github.gsi4j.jlama;

import java.util.List;
import java.util.Objects;
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
public final class JlamaDraftModel implements DraftModel {

    private final JlamaModel model;
    private final boolean ownsModel;

    /**
     * @param model the loaded model
     * @param ownsModel whether {@link #close()} closes the model
     */
    public JlamaDraftModel(JlamaModel model, boolean ownsModel) {
        this.model = Objects.requireNonNull(model, "model");
        this.ownsModel = ownsModel;
    }

    /** The underlying model (for chat rendering and tokenizer checks). */
    public JlamaModel model() {
        return model;
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
        return model.sampleSteps(prefix, n, params, random);
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }

    @Override
    public String toString() {
        return "JlamaDraftModel[" + model.folder() + "]";
    }
}
