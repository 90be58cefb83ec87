package io.github.gsi4j.core;

import java.util.random.RandomGenerator;

/**
 * How a step is chosen. All policies share one step loop ({@link GsiDecoder}); they differ only in
 * whether drafts are sampled and scored by the base model, and in the decision taken on the scores.
 */
public enum Policy {

    /**
     * Guided speculative inference: pick i* ~ softmax(z) with z = β·r + log πB − log q; accept it if
     * z_{i*} &gt; β·u, otherwise sample n base steps and pick one by softmax(β·r).
     */
    GSI(true, true) {
        @Override
        Decision select(DraftScores s, GsiOptions o, RandomGenerator random) {
            if (o.minReward().action() == MinRewardAction.FALL_BACK && o.minReward().unmetBy(s.rewards())) {
                return Decision.fallback(-1, "best draft reward below minReward");
            }
            int i = LogMath.sampleSoftmax(s.z(), random);
            if (i < 0) {
                return Decision.fallback(-1, "no draft has a positive weight");
            }
            return s.z()[i] > o.beta() * o.gsi().threshold()
                    ? Decision.accept(i)
                    : Decision.fallback(i, "z below beta * threshold");
        }
    },

    /**
     * Reward-guided speculative decoding: pick i* ~ softmax(β·r) over the drafts; accept it if
     * r_{i*} ≥ δ, otherwise fall back to base samples.
     */
    RSD(true, false) {
        @Override
        Decision select(DraftScores s, GsiOptions o, RandomGenerator random) {
            int i = LogMath.sampleSoftmax(LogMath.scale(s.rewards(), o.beta()), random);
            return s.rewards()[i] >= o.rsd().threshold()
                    ? Decision.accept(i)
                    : Decision.fallback(i, "reward below rsdThreshold");
        }
    },

    /** Soft best-of-n on the draft: pick i* ~ softmax(β·r) over the drafts, never fall back. */
    SOFT_BON_DRAFT(true, false) {
        @Override
        Decision select(DraftScores s, GsiOptions o, RandomGenerator random) {
            return Decision.accept(LogMath.sampleSoftmax(LogMath.scale(s.rewards(), o.beta()), random));
        }
    },

    /** Soft best-of-n on the base: every step samples n base steps; the expensive gold standard. */
    SOFT_BON_BASE(false, false) {
        @Override
        Decision select(DraftScores s, GsiOptions o, RandomGenerator random) {
            return Decision.fallback(-1, "policy samples the base model every step");
        }
    },

    /**
     * Importance-corrected rejection-resampling: test the first draft with acceptance probability
     * min(1, e^{z − log c}); if rejected, take the next draft untested. log c is fixed or found by
     * bisection so that the batch's rejection rate is ρ. Never generates with the base model.
     */
    IMPORTANCE_RESAMPLING(true, true) {
        @Override
        Decision select(DraftScores s, GsiOptions o, RandomGenerator random) {
            double[] z = s.z();
            ImportanceResampling ir = o.importanceResampling();
            double logC = ir.logC().isPresent() ? ir.logC().getAsDouble() : bisectLogC(z, ir.rejectionRate());
            double alpha = Math.min(1, Math.exp(z[0] - logC));
            if (random.nextDouble() < alpha) {
                return Decision.accept(0);
            }
            return z.length > 1 ? Decision.replace(1) : Decision.resample();
        }
    };

    private final boolean usesDrafts;
    private final boolean scoresDraftsWithBase;

    Policy(boolean usesDrafts, boolean scoresDraftsWithBase) {
        this.usesDrafts = usesDrafts;
        this.scoresDraftsWithBase = scoresDraftsWithBase;
    }

    /** Whether the policy samples draft candidates. */
    public boolean usesDrafts() {
        return usesDrafts;
    }

    /** Whether the policy scores draft candidates with the base model (needs z). */
    public boolean scoresDraftsWithBase() {
        return scoresDraftsWithBase;
    }

    /**
     * The decision on one step's scored drafts. A step without base scores (the base model was unavailable
     * and the step degrades) is decided by reward alone, as {@link #SOFT_BON_DRAFT} decides.
     */
    Decision decide(DraftScores scores, GsiOptions options, RandomGenerator random) {
        Policy deciding = scoresDraftsWithBase && scores.z() == null ? SOFT_BON_DRAFT : this;
        return deciding.select(scores, options, random);
    }

    /** The policy's own decision on one step's scored drafts. */
    abstract Decision select(DraftScores scores, GsiOptions options, RandomGenerator random);

    /**
     * The log c at which the batch rejection rate (1/n)·Σ(1 − min(1, e^{z_i − log c})) equals ρ.
     * The rate is continuous and non-decreasing in log c; when the zero-weight drafts alone exceed ρ,
     * the smallest log c that accepts every other draft is returned.
     */
    static double bisectLogC(double[] z, double rho) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            if (v != Double.NEGATIVE_INFINITY) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            return 0; // every draft has weight zero: all are rejected whatever log c is
        }
        if (rejectionRate(z, lo) >= rho) {
            return lo;
        }
        hi += 1 - Math.log1p(-rho); // here every α ≤ e^{-1}(1 − ρ), so the rate exceeds ρ
        for (int i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
            double mid = 0.5 * (lo + hi);
            if (rejectionRate(z, mid) < rho) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double rejectionRate(double[] z, double logC) {
        double sum = 0;
        for (double v : z) {
            sum += 1 - Math.min(1, Math.exp(v - logC));
        }
        return sum / z.length;
    }
}
