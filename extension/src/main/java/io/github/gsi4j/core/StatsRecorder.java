package io.github.gsi4j.core;

import java.util.List;
import java.util.function.Supplier;

/**
 * Collects one request's counters and timings. Timed model calls may run on two threads at once
 * (reward and base scoring), so the timing methods are synchronized.
 */
final class StatsRecorder {

    enum Phase {
        DRAFT,
        REWARD,
        BASE_SCORE,
        BASE_GENERATE
    }

    private final long seed;
    private final long start = System.nanoTime();
    private final long[] phaseNanos = new long[Phase.values().length];
    private long modelWallNanos;
    private int steps;
    private int draftSteps;
    private int fallbackSteps;
    private long draftTokens;
    private long baseTokensScored;
    private long baseTokensGenerated;
    private long outputTokens;
    private int rewardCalls;
    private int zCount;
    private double zSum;
    private double zMin = Double.NaN;
    private int degradedSteps;
    private boolean stepDegraded;
    private final java.util.Set<String> degradations = new java.util.LinkedHashSet<>();

    StatsRecorder(long seed) {
        this.seed = seed;
    }

    /** Runs a model call, adding its duration to {@code phase}. */
    <T> T time(Phase phase, Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            addPhase(phase, System.nanoTime() - t0);
        }
    }

    /** Runs a block of model calls, adding its wall time to the time spent outside the engine. */
    <T> T modelWall(Supplier<T> block) {
        long t0 = System.nanoTime();
        try {
            return block.get();
        } finally {
            addModelWall(System.nanoTime() - t0);
        }
    }

    private synchronized void addPhase(Phase phase, long nanos) {
        phaseNanos[phase.ordinal()] += nanos;
    }

    private synchronized void addModelWall(long nanos) {
        modelWallNanos += nanos;
    }

    synchronized void rewardCall() {
        rewardCalls++;
    }

    void drafts(List<StepCandidate> drafts) {
        draftTokens += tokens(drafts);
    }

    void baseScored(List<StepCandidate> candidates) {
        baseTokensScored += tokens(candidates);
    }

    void baseGenerated(List<StepCandidate> samples) {
        baseTokensGenerated += tokens(samples);
    }

    void pickedZ(double z) {
        zCount++;
        zSum += z;
        zMin = Double.isNaN(zMin) ? z : Math.min(zMin, z);
    }

    /** Notes that the current step goes on without an unavailable dependency. */
    synchronized void degraded(String reason) {
        stepDegraded = true;
        if (degradations.size() < 20) {
            degradations.add(reason);
        }
    }

    synchronized void accepted(StepCandidate step, boolean fromDraft) {
        if (stepDegraded) {
            degradedSteps++;
            stepDegraded = false;
        }
        steps++;
        if (fromDraft) {
            draftSteps++;
        } else {
            fallbackSteps++;
        }
        outputTokens += step.size();
    }

    synchronized GsiStats finish() {
        long total = System.nanoTime() - start;
        return new GsiStats(seed, steps, draftSteps, fallbackSteps, draftTokens, baseTokensScored,
                baseTokensGenerated, outputTokens, rewardCalls, zCount == 0 ? Double.NaN : zSum / zCount, zMin,
                phaseNanos[Phase.DRAFT.ordinal()], phaseNanos[Phase.REWARD.ordinal()],
                phaseNanos[Phase.BASE_SCORE.ordinal()], phaseNanos[Phase.BASE_GENERATE.ordinal()],
                Math.max(0, total - modelWallNanos), total, degradedSteps, List.copyOf(degradations));
    }

    private static long tokens(List<StepCandidate> candidates) {
        long sum = 0;
        for (StepCandidate c : candidates) {
            sum += c.size();
        }
        return sum;
    }
}
