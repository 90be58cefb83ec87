package io.github.gsi4j.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.github.gsi4j.core.StatsRecorder.Phase;

/**
 * The model calls of one request, each guarded the same way: timed into the request's statistics, its
 * answer validated (a bad value fails naming its source), and a failure either thrown or, where the
 * configured {@link FailureMode} degrades, noted in the statistics and answered as "unavailable" (an empty
 * {@link Optional}, or uniform rewards). The step loop then only decides what an unavailable answer means.
 */
final class GuardedModels {

    /** The reward every candidate of a degraded step gets when the reward model is unavailable. */
    static final double UNIFORM_REWARD = 0.5;

    private final DraftModel draftModel;
    private final BaseModel baseModel;
    private final RewardScorer rewardScorer;
    private final GsiOptions options;
    private final StatsRecorder stats;

    GuardedModels(DraftModel draftModel, BaseModel baseModel, RewardScorer rewardScorer, GsiOptions options,
            StatsRecorder stats) {
        this.draftModel = draftModel;
        this.baseModel = baseModel;
        this.rewardScorer = rewardScorer;
        this.options = options;
        this.stats = stats;
    }

    /** {@code n} draft steps; the draft model has no failure mode: its failure fails the request. */
    List<StepCandidate> sampleDrafts(int[] context, int n, SamplingParams params, RandomGenerator random) {
        List<StepCandidate> drafts = stats.modelWall(() -> stats.time(Phase.DRAFT,
                () -> draftModel.sampleSteps(context, n, params, random)));
        Validation.candidates("draft model " + name(draftModel), drafts, n, true);
        stats.drafts(drafts);
        return drafts;
    }

    /** The base log-probabilities of {@code candidates}; empty when the base model is unavailable and degrades. */
    Optional<double[]> baseLogProbs(int[] context, List<StepCandidate> candidates) {
        return guarded(options.failureHandling().baseOnFailure(), "base scoring", () -> {
            double[] logProbs = stats.time(Phase.BASE_SCORE, () -> baseModel.logProbs(context, candidates));
            Validation.baseLogProbs("base model " + name(baseModel), logProbs, candidates.size());
            stats.baseScored(candidates);
            return logProbs;
        });
    }

    /** {@code n} base steps; empty when the base model is unavailable and degrades. */
    Optional<List<StepCandidate>> sampleBase(int[] context, int n, SamplingParams params, long seed) {
        return guarded(options.failureHandling().baseOnFailure(), "base generation", () -> {
            List<StepCandidate> samples = stats.modelWall(() -> stats.time(Phase.BASE_GENERATE,
                    () -> baseModel.sampleSteps(context, n, params, seed)));
            Validation.candidates("base model " + name(baseModel), samples, n, false);
            stats.baseGenerated(samples);
            return samples;
        });
    }

    /**
     * The rewards of {@code candidates}, normalised into [0, 1]; every one {@link #UNIFORM_REWARD} when the
     * reward model is unavailable and degrades (every candidate is then equally good).
     */
    double[] rewards(RewardContext rewardContext, List<StepCandidate> candidates) {
        return guarded(options.failureHandling().rewardOnFailure(), "reward", () -> {
            double[] raw = stats.time(Phase.REWARD, () -> rewardScorer.score(rewardContext, candidates));
            stats.rewardCall();
            return Validation.rewards("reward scorer " + name(rewardScorer), raw, candidates.size(),
                    options.rewardNormalizer());
        }).orElseGet(() -> {
            double[] uniform = new double[candidates.size()];
            Arrays.fill(uniform, UNIFORM_REWARD);
            return uniform;
        });
    }

    /** The call's answer; empty when it failed with an unavailability that {@code mode} degrades. */
    private <T> Optional<T> guarded(FailureMode mode, String what, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (RuntimeException e) {
            if (!degrades(mode, e)) {
                throw e;
            }
            stats.degraded(what + " unavailable: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether {@code failure} of a dependency is degraded under {@code mode}: only unavailability is (a server
     * that cannot be reached, fails, times out or answers nonsense), never a cancelled call or a request the
     * server refused as too long ({@link GsiContextLengthException}).
     */
    private static boolean degrades(FailureMode mode, RuntimeException failure) {
        return mode == FailureMode.DEGRADE
                && (failure instanceof GsiRemoteException || failure instanceof GsiInvalidResponseException);
    }

    private static String name(Object component) {
        return component.getClass().getName();
    }
}
