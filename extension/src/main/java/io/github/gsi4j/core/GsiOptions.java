package io.github.gsi4j.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Immutable decoding options with the GSI reference defaults (n = 16, β = 20, u = 0.5, δ = 0.7,
 * T_S = T_B = 0.7, top-p 1, 512 tokens a step, 45 steps).
 *
 * <p>
 * What every step reads sits at the top ({@link #policy()}, {@link #n()}, {@link #beta()}, ...); the rest is
 * grouped by who reads it: {@link #sampling()}, {@link #limits()}, {@link #minReward()}, one group per policy
 * ({@link #gsi()}, {@link #rsd()}, {@link #importanceResampling()}) and {@link #failureHandling()}. One
 * {@link Builder} with flat setters ({@code GsiOptions.builder().n(4).beta(10).threshold(1.4)}) builds them all;
 * each setter validates its argument and names the option and its allowed range when rejecting it.
 */
public final class GsiOptions {

    /** The largest accepted sampling temperature. */
    public static final double MAX_TEMPERATURE = 100;
    /** The largest accepted number of candidates per step. */
    public static final int MAX_N = 4096;

    private final Policy policy;
    private final int n;
    private final double beta;
    private final OptionalLong seed;
    private final RewardNormalizer rewardNormalizer;
    private final boolean trace;
    private final Sampling sampling;
    private final Limits limits;
    private final MinReward minReward;
    private final GsiAcceptance gsi;
    private final RsdAcceptance rsd;
    private final ImportanceResampling importanceResampling;
    private final FailureHandling failureHandling;

    private GsiOptions(Builder b) {
        this.policy = b.policy;
        this.n = b.n;
        this.beta = b.beta;
        this.seed = b.seed;
        this.rewardNormalizer = b.rewardNormalizer;
        this.trace = b.trace;
        this.sampling = new Sampling(b.draftTemperature, b.baseTemperature, b.topP, b.topK, b.stepDelimiter,
                b.proposalDensity);
        this.limits = new Limits(b.maxStepTokens, b.maxSteps, b.maxTokens, b.contextLength, b.stopSequences, b.mathStop);
        this.minReward = new MinReward(b.minReward, b.minRewardAction);
        this.gsi = new GsiAcceptance(b.threshold);
        this.rsd = new RsdAcceptance(b.rsdThreshold);
        this.importanceResampling = new ImportanceResampling(b.rejectionRate, b.logC);
        this.failureHandling = new FailureHandling(b.baseOnFailure, b.rewardOnFailure, b.timeout);
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

    /** The seed of the request's random streams; absent means a fresh random seed per request. */
    public OptionalLong seed() {
        return seed;
    }

    /** How raw reward scores are mapped into [0, 1]; default {@link RewardNormalizer#NONE}. */
    public RewardNormalizer rewardNormalizer() {
        return rewardNormalizer;
    }

    /** Whether the result carries each step's decision; default false. */
    public boolean trace() {
        return trace;
    }

    /** How drafts and fallback base steps are sampled. */
    public Sampling sampling() {
        return sampling;
    }

    /** How long an answer may be and where it ends. */
    public Limits limits() {
        return limits;
    }

    /** The minimum best reward of a step; default off. */
    public MinReward minReward() {
        return minReward;
    }

    /** GSI's acceptance test. */
    public GsiAcceptance gsi() {
        return gsi;
    }

    /** RSD's acceptance test. */
    public RsdAcceptance rsd() {
        return rsd;
    }

    /** Importance resampling's constant c. */
    public ImportanceResampling importanceResampling() {
        return importanceResampling;
    }

    /** What a request does when a model is unavailable, and its deadline. */
    public FailureHandling failureHandling() {
        return failureHandling;
    }

    /** Every option: the top-level ones, then each group as its record prints itself. */
    @Override
    public String toString() {
        return "GsiOptions[policy=" + policy + ", n=" + n + ", beta=" + beta + ", seed=" + seed + ", rewardNormalizer="
                + rewardNormalizer + ", trace=" + trace + ", sampling=" + sampling + ", limits=" + limits
                + ", minReward=" + minReward + ", gsi=" + gsi + ", rsd=" + rsd + ", importanceResampling="
                + importanceResampling + ", failureHandling=" + failureHandling + "]";
    }

    /** Builds {@link GsiOptions}; each setter validates its argument. */
    public static final class Builder {
        private Policy policy = Policy.GSI;
        private int n = 16;
        private double beta = 20;
        private OptionalLong seed = OptionalLong.empty();
        private RewardNormalizer rewardNormalizer = RewardNormalizer.NONE;
        private boolean trace;
        private double draftTemperature = 0.7;
        private double baseTemperature = 0.7;
        private double topP = 1;
        private int topK = 0;
        private String stepDelimiter = "\n\n";
        private ProposalDensity proposalDensity = ProposalDensity.EXACT;
        private int maxStepTokens = 512;
        private int maxSteps = 45;
        private int maxTokens = Integer.MAX_VALUE;
        private int contextLength = Integer.MAX_VALUE;
        private List<String> stopSequences = List.of();
        private boolean mathStop;
        private OptionalDouble minReward = OptionalDouble.empty();
        private MinRewardAction minRewardAction = MinRewardAction.FALL_BACK;
        private double threshold = 0.5;
        private double rsdThreshold = 0.7;
        private double rejectionRate = 0.2;
        private OptionalDouble logC = OptionalDouble.empty();
        private FailureMode baseOnFailure = FailureMode.FAIL;
        private FailureMode rewardOnFailure = FailureMode.FAIL;
        private Optional<Duration> timeout = Optional.empty();

        private Builder() {
        }

        private Builder(GsiOptions o) {
            policy = o.policy;
            n = o.n;
            beta = o.beta;
            seed = o.seed;
            rewardNormalizer = o.rewardNormalizer;
            trace = o.trace;
            draftTemperature = o.sampling.draftTemperature();
            baseTemperature = o.sampling.baseTemperature();
            topP = o.sampling.topP();
            topK = o.sampling.topK();
            stepDelimiter = o.sampling.stepDelimiter();
            proposalDensity = o.sampling.proposalDensity();
            maxStepTokens = o.limits.maxStepTokens();
            maxSteps = o.limits.maxSteps();
            maxTokens = o.limits.maxTokens();
            contextLength = o.limits.contextLength();
            stopSequences = o.limits.stopSequences();
            mathStop = o.limits.mathStop();
            minReward = o.minReward.value();
            minRewardAction = o.minReward.action();
            threshold = o.gsi.threshold();
            rsdThreshold = o.rsd.threshold();
            rejectionRate = o.importanceResampling.rejectionRate();
            logC = o.importanceResampling.logC();
            baseOnFailure = o.failureHandling.baseOnFailure();
            rewardOnFailure = o.failureHandling.rewardOnFailure();
            timeout = o.failureHandling.timeout();
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

        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        public Builder rewardNormalizer(RewardNormalizer rewardNormalizer) {
            this.rewardNormalizer = Objects.requireNonNull(rewardNormalizer, "rewardNormalizer");
            return this;
        }

        public Builder trace(boolean trace) {
            this.trace = trace;
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

        public Builder stepDelimiter(String stepDelimiter) {
            this.stepDelimiter = Checks.notEmpty("stepDelimiter", stepDelimiter);
            return this;
        }

        public Builder proposalDensity(ProposalDensity proposalDensity) {
            this.proposalDensity = Objects.requireNonNull(proposalDensity, "proposalDensity");
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

        /** The most tokens prompt and output together may have, at least 2. */
        public Builder contextLength(int contextLength) {
            this.contextLength = Checks.inRange("contextLength", contextLength, 2, Integer.MAX_VALUE);
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

        public Builder mathStop(boolean mathStop) {
            this.mathStop = mathStop;
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

        /** Turns the minimum reward off (the default). */
        public Builder noMinReward() {
            this.minReward = OptionalDouble.empty();
            return this;
        }

        /** What a step whose best reward is below the minimum does. */
        public Builder minRewardAction(MinRewardAction action) {
            this.minRewardAction = Objects.requireNonNull(action, "minRewardAction");
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

        /** Importance resampling's target rejection rate ρ, in (0, 1). */
        public Builder rejectionRate(double rho) {
            this.rejectionRate = Checks.inOpenRange("rejectionRate", rho, 0, 1);
            return this;
        }

        /** A fixed log c for importance resampling, finite (default: bisection on the rejection rate). */
        public Builder logC(double logC) {
            this.logC = OptionalDouble.of(Checks.finite("logC", logC));
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
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                throw new IllegalArgumentException("timeout must be a positive duration, was " + timeout);
            }
            this.timeout = Optional.ofNullable(timeout);
            return this;
        }

        public GsiOptions build() {
            return new GsiOptions(this);
        }
    }
}
