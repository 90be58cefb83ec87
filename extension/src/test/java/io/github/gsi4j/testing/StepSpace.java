package io.github.gsi4j.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.github.gsi4j.core.SamplingParams;

/**
 * Every step a {@link ToyModel} can produce from an empty step context, with at most
 * {@code maxStepTokens} tokens, and exact probabilities of each under given sampling parameters.
 * Index k identifies a step everywhere in the fidelity tests.
 */
public final class StepSpace {

    private final List<int[]> steps = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    public StepSpace(int maxStepTokens) {
        enumerate(new int[0], maxStepTokens);
    }

    private void enumerate(int[] prefix, int maxStepTokens) {
        for (int t = 0; t < ToyModel.VOCAB; t++) {
            int[] s = ToyModel.append(prefix, t);
            if (t == ToyModel.DELIM || t == ToyModel.EOS || s.length == maxStepTokens) {
                index.put(Arrays.toString(s), steps.size());
                steps.add(s);
            } else {
                enumerate(s, maxStepTokens);
            }
        }
    }

    public int size() {
        return steps.size();
    }

    public int[] step(int k) {
        return steps.get(k);
    }

    /** The index of a step's tokens; -1 if it is not in the space. */
    public int indexOf(int[] tokens) {
        return index.getOrDefault(Arrays.toString(tokens), -1);
    }

    /** The exact probability of each step under {@code model} sampling with {@code params}. */
    public double[] probabilities(ToyModel model, SamplingParams params) {
        double[] p = new double[size()];
        for (int k = 0; k < p.length; k++) {
            int[] ctx = new int[0];
            double lp = 0;
            for (int t : steps.get(k)) {
                lp += model.tokenLogProbs(ctx, params)[t];
                ctx = ToyModel.append(ctx, t);
            }
            p[k] = Math.exp(lp);
        }
        return p;
    }

    /** A per-step value (a reward, say) as an array indexed like the space. */
    public double[] values(ToDoubleFunction<int[]> f) {
        double[] v = new double[size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = f.applyAsDouble(steps.get(k));
        }
        return v;
    }
}
