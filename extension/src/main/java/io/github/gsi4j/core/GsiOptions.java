package io.github.gsi4j.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Immutable decoding options with the GSI reference defaults (n = 16, β = 20, u = 0.5, δ = 0.7,
 * T_S = T_B = 0.7, top-p 1, 512 tokens a step, 45 steps). Every setter of the {@link Builder}
 * validates its argument and names the option and its allowed range when rejecting it.
 */
public final class GsiOptions {

    /** The largest accepted sampling temperature. */
    public static final double MAX_TEMPERATURE = 100;
    /** The largest accepted number of candidates per step. */
    public static final int MAX_N = 4096;

    private final Policy policy;
    private final int n;
    private final double beta;
    private final double threshold;
    private final double rsdThreshold;
    private final double draftTemperature;
    private final double baseTemperature;
    private final double topP;
    private final int topK;
    private final int maxStepTokens;
    private final int maxSteps;
    private final int maxTokens;
    private final OptionalDouble minReward;
    private final MinRewardAction minRewardAction;
    private final int contextLength;
    private final double rejectionRate;
    private final OptionalDouble logC;
    private final OptionalLong seed;
    private final String stepDelimiter;
    private final boolean mathStop;
    private final List<String> stopSequences;
    private final RewardNormalizer rewardNormalizer;
    private final ProposalDensity proposalDensity;
    private final boolean trace;
    private final FailureMode baseOnFailure;
    private final FailureMode rewardOnFailure;
    private final java.util.Optional<java.time.Duration> timeout;

    private GsiOptions(Builder b) {
        this.policy = b.policy;
        this.n = b.n;
        this.beta = b.beta;
        this.threshold = b.threshold;
        this.rsdThreshold = b.rsdThreshold;
        this.draftTemperature = b.draftTemperature;
        this.baseTemperature = b.baseTemperature;
        this.topP = b.topP;
        this.topK = b.topK;
        this.maxStepTokens = b.maxStepTokens;
        this.maxSteps = b.maxSteps;
        this.maxTokens = b.maxTokens;
        this.minReward = b.minReward;
        this.minRewardAction = b.minRewardAction;
        this.contextLength = b.contextLength;
        this.rejectionRate = b.rejectionRate;
        this.logC = b.logC;
        this.seed = b.seed;
        this.stepDelimiter = b.stepDelimiter;
        this.mathStop = b.mathStop;
        this.stopSequences = b.stopSequences;
        this.rewardNormalizer = b.rewardNormalizer;
        this.proposalDensity = b.proposalDensity;
        this.trace = b.trace;
        this.baseOnFailure = b.baseOnFailure;
        this.rewardOnFailure = b.rewardOnFailure;
        this.timeout = b.timeout;
    }

    /** The options with every reference default. */
    public static GsiOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these options, to derive per-request variants. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The selection policy; default {@link Policy#GSI}. */
    public Policy policy() {
        return policy;
    }

    /** Candidates per step (drafts, and base samples on fallback); default 16. */
    public int n() {
        return n;
    }

    /** Tilt strength β of the target πB·exp(β·r); default 20. */
    public double beta() {
        return beta;
    }

    /** GSI's acceptance threshold u (accept when z &gt; β·u); {@code -Infinity} when off; default 0.5. */
    public double threshold() {
        return threshold;
    }

    /** Whether GSI's acceptance test is on (threshold &gt; -∞). */
    public boolean thresholdEnabled() {
        return threshold != Double.NEGATIVE_INFINITY;
    }

    /** RSD's reward threshold δ (accept when r ≥ δ); default 0.7. */
    public double rsdThreshold() {
        return rsdThreshold;
    }

    /** Draft sampling temperature T_S; default 0.7. */
    public double draftTemperature() {
        return draftTemperature;
    }

    /** Base sampling temperature T_B for fallback steps; default 0.7. */
    public double baseTemperature() {
        return baseTemperature;
    }

    /** Nucleus mass for draft and fallback sampling; default 1 (off). */
    public double topP() {
        return topP;
    }

    /** Top-k for draft and fallback sampling; default 0 (off). */
    public int topK() {
        return topK;
    }

    /** The most tokens one step may have; default 512. */
    public int maxStepTokens() {
        return maxStepTokens;
    }

    /** The most steps one response may have; default 45. */
    public int maxSteps() {
        return maxSteps;
    }

    /** The most output tokens across all steps; default unlimited ({@link Integer#MAX_VALUE}). */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * The minimum best reward of a step; below it the step does what {@link #minRewardAction()} says. Default
     * off (the GSI reference code uses 0.1 with {@link MinRewardAction#STOP}).
     */
    public OptionalDouble minReward() {
        return minReward;
    }

    /** What a step whose best reward is below {@link #minReward()} does; default {@link MinRewardAction#FALL_BACK}. */
    public MinRewardAction minRewardAction() {
        return minRewardAction;
    }

    /**
     * The most tokens prompt and output together may have (the smallest context window of the models, e.g. a
     * vLLM server's {@code max_model_len}); default unlimited. Each step's token budget is capped so that the
     * context plus the step leaves one token free (scoring on vLLM may ask for one), and decoding ends with
     * {@link FinishReason#MAX_TOKENS} when no room is left.
     */
    public int contextLength() {
        return contextLength;
    }

    /** Target rejection rate ρ of importance resampling when log c is found by bisection; default 0.2. */
    public double rejectionRate() {
        return rejectionRate;
    }

    /** A fixed log c for importance resampling (instead of bisection on ρ); default absent. */
    public OptionalDouble logC() {
        return logC;
    }

    /** The seed of the request's random streams; absent means a fresh random seed per request. */
    public OptionalLong seed() {
        return seed;
    }

    /** A step ends after the first token whose text contains this; default {@code "\n\n"}. */
    public String stepDelimiter() {
        return stepDelimiter;
    }

    /** Whether decoding stops once the output contains a complete {@code \boxed{...}}; default false. */
    public boolean mathStop() {
        return mathStop;
    }

    /** Decoding stops when the output contains one of these; the output is cut before it. */
    public List<String> stopSequences() {
        return stopSequences;
    }

    /** How raw reward scores are mapped into [0, 1]; default {@link RewardNormalizer#NONE}. */
    public RewardNormalizer rewardNormalizer() {
        return rewardNormalizer;
    }

    /** Which log-density the draft reports; default {@link ProposalDensity#EXACT}. */
    public ProposalDensity proposalDensity() {
        return proposalDensity;
    }

    /** Whether the result carries each step's decision; default false. */
    public boolean trace() {
        return trace;
    }

    /** What a step does when the base model is unavailable; default {@link FailureMode#FAIL}. */
    public FailureMode baseOnFailure() {
        return baseOnFailure;
    }

    /** What a step does when the reward model is unavailable; default {@link FailureMode#FAIL}. */
    public FailureMode rewardOnFailure() {
        return rewardOnFailure;
    }

    /** The deadline of a whole request; absent (the default) means none beyond each call's own timeout. */
    public java.util.Optional<java.time.Duration> timeout() {
        return timeout;
    }

    /** The draft's sampling parameters for a step of at most {@code stepTokens} tokens. */
    public SamplingParams draftSampling(int stepTokens) {
        return new SamplingParams(draftTemperature, topP, topK, stepTokens, stepDelimiter, proposalDensity);
    }

    /** The base's fallback sampling parameters for a step of at most {@code stepTokens} tokens. */
    public SamplingParams baseSampling(int stepTokens) {
        return new SamplingParams(baseTemperature, topP, topK, stepTokens, stepDelimiter, ProposalDensity.EXACT);
    }

    @Override
    public String toString() {
        return "GsiOptions[policy=" + policy + ", n=" + n + ", beta=" + beta + ", threshold=" + threshold
                + ", rsdThreshold=" + rsdThreshold + ", draftTemperature=" + draftTemperature
                + ", baseTemperature=" + baseTemperature + ", topP=" + topP + ", topK=" + topK
                + ", maxStepTokens=" + maxStepTokens + ", maxSteps=" + maxSteps + ", maxTokens=" + maxTokens
                + ", minReward=" + minReward + ", minRewardAction=" + minRewardAction
                + ", contextLength=" + contextLength + ", rejectionRate=" + rejectionRate + ", logC=" + logC
                + ", seed=" + seed + ", mathStop=" + mathStop + ", stopSequences=" + stopSequences.size()
                + ", rewardNormalizer=" + rewardNormalizer + ", proposalDensity=" + proposalDensity
                + ", baseOnFailure=" + baseOnFailure + ", rewardOnFailure=" + rewardOnFailure + ", timeout=" + timeout
                + "]";
    }

    /** Builds {@link GsiOptions}; each setter validates its argument. */
    public static final class Builder {
        private Policy policy = Policy.GSI;
        private int n = 16;
        private double beta = 20;
        private double threshold = 0.5;
        private double rsdThreshold = 0.7;
        private double draftTemperature = 0.7;
        private double baseTemperature = 0.7;
        private double topP = 1;
        private int topK = 0;
        private int maxStepTokens = 512;
        private int maxSteps = 45;
        private int maxTokens = Integer.MAX_VALUE;
        private OptionalDouble minReward = OptionalDouble.empty();
        private MinRewardAction minRewardAction = MinRewardAction.FALL_BACK;
        private int contextLength = Integer.MAX_VALUE;
        private double rejectionRate = 0.2;
        private OptionalDouble logC = OptionalDouble.empty();
        private OptionalLong seed = OptionalLong.empty();
        private String stepDelimiter = "\n\n";
        private boolean mathStop;
        private List<String> stopSequences = List.of();
        private RewardNormalizer rewardNormalizer = RewardNormalizer.NONE;
        private ProposalDensity proposalDensity = ProposalDensity.EXACT;
        private boolean trace;
        private FailureMode baseOnFailure = FailureMode.FAIL;
        private FailureMode rewardOnFailure = FailureMode.FAIL;
        private java.util.Optional<java.time.Duration> timeout = java.util.Optional.empty();

        private Builder() {
        }

        private Builder(GsiOptions o) {
            policy = o.policy;
            n = o.n;
            beta = o.beta;
            threshold = o.threshold;
            rsdThreshold = o.rsdThreshold;
            draftTemperature = o.draftTemperature;
            baseTemperature = o.baseTemperature;
            topP = o.topP;
            topK = o.topK;
            maxStepTokens = o.maxStepTokens;
            maxSteps = o.maxSteps;
            maxTokens = o.maxTokens;
            minReward = o.minReward;
            minRewardAction = o.minRewardAction;
            contextLength = o.contextLength;
            rejectionRate = o.rejectionRate;
            logC = o.logC;
            seed = o.seed;
            stepDelimiter = o.stepDelimiter;
            mathStop = o.mathStop;
            stopSequences = o.stopSequences;
            rewardNormalizer = o.rewardNormalizer;
            proposalDensity = o.proposalDensity;
            trace = o.trace;
            baseOnFailure = o.baseOnFailure;
            rewardOnFailure = o.rewardOnFailure;
            timeout = o.timeout;
        }

        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Candidates per step, in [1, 4096]. */
        public Builder n(int n) {
            this.n = Checks.inRange("n", n, 1, MAX_N);
            return this;
        }

        /** Tilt strength β, in (0, 1000]. */
        public Builder beta(double beta) {
            this.beta = Checks.inRangeExclusiveLow("beta", beta, 0, 1000);
            return this;
        }

        /** GSI's threshold u, a finite number or {@code -Infinity} (off). */
        public Builder threshold(double threshold) {
            if (threshold != Double.NEGATIVE_INFINITY) {
                Checks.finite("threshold", threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** Turns GSI's acceptance test off: the soft pick is always accepted. */
        public Builder noThreshold() {
            return threshold(Double.NEGATIVE_INFINITY);
        }

        /** RSD's threshold δ, in [0, 1]. */
        public Builder rsdThreshold(double rsdThreshold) {
            this.rsdThreshold = Checks.inRange("rsdThreshold", rsdThreshold, 0, 1);
            return this;
        }

        /** Draft temperature T_S, in [0, 100]; 0 is greedy. */
        public Builder draftTemperature(double t) {
            this.draftTemperature = Checks.inRange("draftTemperature", t, 0, MAX_TEMPERATURE);
            return this;
        }

        /** Fallback temperature T_B, in [0, 100]; 0 is greedy. */
        public Builder baseTemperature(double t) {
            this.baseTemperature = Checks.inRange("baseTemperature", t, 0, MAX_TEMPERATURE);
            return this;
        }

        /** Nucleus mass, in (0, 1]. */
        public Builder topP(double topP) {
            this.topP = Checks.inRangeExclusiveLow("topP", topP, 0, 1);
            return this;
        }

        /** Top-k, at least 0 (0 is off). */
        public Builder topK(int topK) {
            this.topK = Checks.inRange("topK", topK, 0, Integer.MAX_VALUE);
            return this;
        }

        /** Tokens per step, in [1, 65536]. */
        public Builder maxStepTokens(int maxStepTokens) {
            this.maxStepTokens = Checks.inRange("maxStepTokens", maxStepTokens, 1, 65536);
            return this;
        }

        /** Steps per response, in [1, 100000]. */
        public Builder maxSteps(int maxSteps) {
            this.maxSteps = Checks.inRange("maxSteps", maxSteps, 1, 100_000);
            return this;
        }

        /** Output tokens across all steps, at least 1. */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = Checks.inRange("maxTokens", maxTokens, 1, Integer.MAX_VALUE);
            return this;
        }

        /** The minimum best reward of a step, in [0, 1]; what falls below it is {@link #minRewardAction}'s. */
        public Builder minReward(double minReward) {
            this.minReward = OptionalDouble.of(Checks.inRange("minReward", minReward, 0, 1));
            return this;
        }

        /** The minimum best reward, in [0, 1], and what a step below it does. */
        public Builder minReward(double minReward, MinRewardAction action) {
            return minReward(minReward).minRewardAction(action);
        }

        /** What a step whose best reward is below the minimum does. */
        public Builder minRewardAction(MinRewardAction action) {
            this.minRewardAction = Objects.requireNonNull(action, "minRewardAction");
            return this;
        }

        /** The most tokens prompt and output together may have, at least 2. */
        public Builder contextLength(int contextLength) {
            this.contextLength = Checks.inRange("contextLength", contextLength, 2, Integer.MAX_VALUE);
            return this;
        }

        /** Turns GSI's minimum reward off (the default). */
        public Builder noMinReward() {
            this.minReward = OptionalDouble.empty();
            return this;
        }

        /** Importance resampling's target rejection rate ρ, in (0, 1). */
        public Builder rejectionRate(double rho) {
            this.rejectionRate = Checks.inOpenRange("rejectionRate", rho, 0, 1);
            return this;
        }

        /** A fixed log c for importance resampling, finite. */
        public Builder logC(double logC) {
            this.logC = OptionalDouble.of(Checks.finite("logC", logC));
            return this;
        }

        /** Find log c by bisection on the rejection rate (the default). */
        public Builder bisectLogC() {
            this.logC = OptionalDouble.empty();
            return this;
        }

        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /** A fresh random seed per request (the default). */
        public Builder randomSeed() {
            this.seed = OptionalLong.empty();
            return this;
        }

        public Builder stepDelimiter(String stepDelimiter) {
            this.stepDelimiter = Checks.notEmpty("stepDelimiter", stepDelimiter);
            return this;
        }

        public Builder mathStop(boolean mathStop) {
            this.mathStop = mathStop;
            return this;
        }

        /** Stop sequences, none empty. */
        public Builder stopSequences(List<String> stopSequences) {
            for (String s : stopSequences) {
                Checks.notEmpty("stopSequences element", s);
            }
            this.stopSequences = List.copyOf(stopSequences);
            return this;
        }

        public Builder rewardNormalizer(RewardNormalizer rewardNormalizer) {
            this.rewardNormalizer = Objects.requireNonNull(rewardNormalizer, "rewardNormalizer");
            return this;
        }

        public Builder proposalDensity(ProposalDensity proposalDensity) {
            this.proposalDensity = Objects.requireNonNull(proposalDensity, "proposalDensity");
            return this;
        }

        public Builder trace(boolean trace) {
            this.trace = trace;
            return this;
        }

        public Builder baseOnFailure(FailureMode mode) {
            this.baseOnFailure = Objects.requireNonNull(mode, "baseOnFailure");
            return this;
        }

        public Builder rewardOnFailure(FailureMode mode) {
            this.rewardOnFailure = Objects.requireNonNull(mode, "rewardOnFailure");
            return this;
        }

        /** The deadline of a whole request, positive; null removes it. */
        public Builder timeout(java.time.Duration timeout) {
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                throw new IllegalArgumentException("timeout must be a positive duration, was " + timeout);
            }
            this.timeout = java.util.Optional.ofNullable(timeout);
            return this;
        }

        public GsiOptions build() {
            return new GsiOptions(this);
        }
    }
}
