package io.github.gsi4j.core;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

import io.github.gsi4j.testing.ExactDistributions;
import io.github.gsi4j.testing.StepSpace;
import io.github.gsi4j.testing.TableReward;
import io.github.gsi4j.testing.ToyModel;

/**
 * The toy world of the fidelity tests: a draft and a base {@link ToyModel} that differ, a reward
 * table, the step space, and helpers to run the engine many times and compare frequencies.
 */
final class FidelityFixture {

    static final int MAX_STEP_TOKENS = 3;
    static final int[] PROMPT = { ToyModel.A, ToyModel.DELIM };

    final ToyModel draft;
    final ToyModel base;
    final TableReward reward;
    final StepSpace space = new StepSpace(MAX_STEP_TOKENS);

    FidelityFixture(long draftSeed, long baseSeed, double logitScale, long rewardSeed) {
        this.draft = new ToyModel(draftSeed, logitScale);
        this.base = new ToyModel(baseSeed, logitScale);
        this.reward = new TableReward(rewardSeed);
    }

    /** One-step options: the toy step space, the given policy and n. */
    GsiOptions.Builder oneStep(Policy policy, int n, double beta) {
        return GsiOptions.builder().policy(policy).n(n).beta(beta).maxSteps(1).maxStepTokens(MAX_STEP_TOKENS);
    }

    /** The exact distributions for {@code options}' sampling parameters. */
    ExactDistributions exact(GsiOptions options) {
        double[] q = space.probabilities(draft, options.sampling().draft(MAX_STEP_TOKENS));
        double[] t1 = space.probabilities(base,
                new SamplingParams(1, 1, 0, MAX_STEP_TOKENS, "\n\n", ProposalDensity.EXACT));
        double[] fb = space.probabilities(base, options.sampling().base(MAX_STEP_TOKENS));
        return new ExactDistributions(q, t1, fb, space.values(reward::reward), options.beta());
    }

    GsiDecoder decoder(GsiOptions options) {
        return GsiDecoder.builder().draftModel(draft).baseModel(base).rewardScorer(reward).options(options)
                .executor(Runnable::run).build();
    }

    /** Runs {@code draws} one-step decodes with seeds seed0, seed0+1, … and counts each step. */
    long[] frequencies(GsiOptions options, int draws, long seed0) {
        GsiDecoder decoder = decoder(options);
        long[] counts = new long[space.size()];
        for (int i = 0; i < draws; i++) {
            GsiOptions seeded = options.toBuilder().seed(seed0 + i).build();
            GsiResult result = decoder.decode(new GsiRequest(PROMPT, "q", seeded));
            int k = space.indexOf(result.tokens());
            if (k < 0) {
                throw new AssertionError("engine produced a step outside the toy space: " + result);
            }
            counts[k]++;
        }
        return counts;
    }

    /**
     * Like {@link #frequencies}, with one bin more (the last) for an answer that ended before its step
     * ({@link FinishReason#MIN_REWARD}, no tokens).
     */
    long[] outcomes(GsiOptions options, int draws, long seed0) {
        GsiDecoder decoder = decoder(options);
        long[] counts = new long[space.size() + 1];
        for (int i = 0; i < draws; i++) {
            GsiResult result = decoder.decode(new GsiRequest(PROMPT, "q", options.toBuilder().seed(seed0 + i).build()));
            if (result.finishReason() == FinishReason.MIN_REWARD) {
                if (result.tokens().length != 0) {
                    throw new AssertionError("an answer ended by the minimum reward has the step's tokens: " + result);
                }
                counts[space.size()]++;
                continue;
            }
            int k = space.indexOf(result.tokens());
            if (k < 0) {
                throw new AssertionError("engine produced a step outside the toy space: " + result);
            }
            counts[k]++;
        }
        return counts;
    }

    /**
     * The χ² goodness-of-fit p-value of {@code observed} against {@code expected} probabilities, with
     * bins of expected count below 5 pooled; an observation in a bin of probability 0 gives p = 0.
     */
    static double chiSquarePValue(double[] expected, long[] observed) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        List<Double> e = new ArrayList<>();
        List<Long> o = new ArrayList<>();
        double pooledE = 0;
        long pooledO = 0;
        for (int k = 0; k < expected.length; k++) {
            double ek = expected[k] * total;
            if (expected[k] == 0 && observed[k] > 0) {
                return 0;
            }
            if (ek < 5) {
                pooledE += ek;
                pooledO += observed[k];
            } else {
                e.add(ek);
                o.add(observed[k]);
            }
        }
        if (pooledE > 0) {
            e.add(pooledE);
            o.add(pooledO);
        }
        return new ChiSquareTest().chiSquareTest(e.stream().mapToDouble(Double::doubleValue).toArray(),
                o.stream().mapToLong(Long::longValue).toArray());
    }

    /** Frequencies with Jeffreys smoothing (+1/2 per bin), so a KL to them stays finite. */
    static double[] smoothed(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c + 0.5;
        }
        double[] p = new double[counts.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = (counts[k] + 0.5) / total;
        }
        return p;
    }

    static double sum(double[] p) {
        double s = 0;
        for (double v : p) {
            s += v;
        }
        return s;
    }
}
