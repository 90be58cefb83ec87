package io.github.gsi4j.testing;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;

/**
 * A deterministic reward in [0, 1] per step, drawn once per distinct token sequence from a seed:
 * the reward table of the fidelity tests. Counts its calls.
 */
public final class TableReward implements RewardScorer {

    private final long seed;
    private final AtomicInteger calls = new AtomicInteger();

    public TableReward(long seed) {
        this.seed = seed;
    }

    /** The reward of one step. */
    public double reward(int[] tokens) {
        return new SplittableRandom(seed * 7_919L + Arrays.hashCode(tokens)).nextDouble();
    }

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        calls.incrementAndGet();
        double[] r = new double[candidates.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = reward(candidates.get(i).tokens());
        }
        return r;
    }

    public int calls() {
        return calls.get();
    }
}
