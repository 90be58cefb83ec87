package io.github.gsi4j.testing;

/**
 * The exact one-step output distribution of each policy, computed by enumerating every n-tuple of
 * drafts (and of base samples), written from GSI.md §2–§4 without using the engine's selection code.
 * All arrays are indexed like a {@link StepSpace}.
 *
 * @param q the draft's step probabilities under its sampling parameters (the proposal)
 * @param baseT1 the base's step probabilities at temperature 1 (the target's base)
 * @param baseFallback the base's step probabilities under the fallback sampling parameters
 * @param reward each step's reward
 * @param beta tilt strength
 */
public record ExactDistributions(double[] q, double[] baseT1, double[] baseFallback, double[] reward, double beta) {

    /** z(y) = β·r(y) + log πB(y) − log q(y). */
    public double z(int k) {
        return beta * reward[k] + Math.log(baseT1[k]) - Math.log(q[k]);
    }

    /** Soft best-of-n over base samples: what every fallback step outputs. */
    public double[] fallback(int n) {
        double[] out = new double[q.length];
        forEachTuple(n, baseFallback, (tuple, prob) -> {
            double[] w = weights(tuple, k -> beta * reward[k]);
            for (int i = 0; i < n; i++) {
                out[tuple[i]] += prob * w[i];
            }
        });
        return out;
    }

    /** GSI with threshold u (use -Infinity for off) and optional min reward (NaN for off). */
    public double[] gsi(int n, double u, double minReward) {
        double[] f = fallback(n);
        double[] out = new double[q.length];
        forEachTuple(n, q, (tuple, prob) -> {
            double maxR = 0;
            for (int k : tuple) {
                maxR = Math.max(maxR, reward[k]);
            }
            if (!Double.isNaN(minReward) && maxR < minReward) {
                addScaled(out, f, prob);
                return;
            }
            double[] w = weights(tuple, this::z);
            for (int i = 0; i < n; i++) {
                if (z(tuple[i]) > beta * u) {
                    out[tuple[i]] += prob * w[i];
                } else {
                    addScaled(out, f, prob * w[i]);
                }
            }
        });
        return out;
    }

    /**
     * The fallback with the minimum reward's stop ({@code MinRewardAction.STOP}): a tuple of base samples whose
     * best reward is below {@code minReward} ends the answer. The result has one entry more than the step space:
     * the last is the probability that the answer ends before this step.
     */
    public double[] fallbackStopping(int n, double minReward) {
        double[] out = new double[q.length + 1];
        forEachTuple(n, baseFallback, (tuple, prob) -> {
            if (maxReward(tuple) < minReward) {
                out[q.length] += prob;
                return;
            }
            double[] w = weights(tuple, k -> beta * reward[k]);
            for (int i = 0; i < n; i++) {
                out[tuple[i]] += prob * w[i];
            }
        });
        return out;
    }

    /**
     * GSI with the minimum reward's stop: a draft tuple whose best reward is below {@code minReward} ends the
     * answer; otherwise the pick is tested against β·u and a rejected one falls back to
     * {@link #fallbackStopping}, which may end the answer too. Last entry: the probability of ending.
     */
    public double[] gsiStopping(int n, double u, double minReward) {
        return stopping(n, minReward, this::z, k -> z(k) > beta * u);
    }

    /** RSD with the minimum reward's stop, like {@link #gsiStopping}; the test is r ≥ δ. */
    public double[] rsdStopping(int n, double delta, double minReward) {
        return stopping(n, minReward, k -> beta * reward[k], k -> reward[k] >= delta);
    }

    /** Soft best-of-n over drafts with the minimum reward's stop (no fallback). */
    public double[] softBonDraftStopping(int n, double minReward) {
        return stopping(n, minReward, k -> beta * reward[k], k -> true);
    }

    private double[] stopping(int n, double minReward, java.util.function.IntToDoubleFunction logWeight,
            java.util.function.IntPredicate accepted) {
        double[] f = fallbackStopping(n, minReward);
        double[] out = new double[q.length + 1];
        forEachTuple(n, q, (tuple, prob) -> {
            if (maxReward(tuple) < minReward) {
                out[q.length] += prob;
                return;
            }
            double[] w = weights(tuple, logWeight);
            for (int i = 0; i < n; i++) {
                if (accepted.test(tuple[i])) {
                    out[tuple[i]] += prob * w[i];
                } else {
                    addScaled(out, f, prob * w[i]);
                }
            }
        });
        return out;
    }

    private double maxReward(int[] tuple) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k : tuple) {
            max = Math.max(max, reward[k]);
        }
        return max;
    }

    /** RSD: pick by softmax(β·r), accept if r ≥ δ. */
    public double[] rsd(int n, double delta) {
        double[] f = fallback(n);
        double[] out = new double[q.length];
        forEachTuple(n, q, (tuple, prob) -> {
            double[] w = weights(tuple, k -> beta * reward[k]);
            for (int i = 0; i < n; i++) {
                if (reward[tuple[i]] >= delta) {
                    out[tuple[i]] += prob * w[i];
                } else {
                    addScaled(out, f, prob * w[i]);
                }
            }
        });
        return out;
    }

    /** Soft best-of-n over drafts. */
    public double[] softBonDraft(int n) {
        double[] out = new double[q.length];
        forEachTuple(n, q, (tuple, prob) -> {
            double[] w = weights(tuple, k -> beta * reward[k]);
            for (int i = 0; i < n; i++) {
                out[tuple[i]] += prob * w[i];
            }
        });
        return out;
    }

    /**
     * Importance resampling: test the first draft with min(1, e^{z − log c}), else output the second
     * (or a fresh draft when n = 1). log c is {@code fixedLogC}, or (NaN) the tuple's bisection root
     * for rejection rate ρ.
     */
    public double[] importanceResampling(int n, double rho, double fixedLogC) {
        double[] out = new double[q.length];
        forEachTuple(n, q, (tuple, prob) -> {
            double[] zs = new double[n];
            for (int i = 0; i < n; i++) {
                zs[i] = z(tuple[i]);
            }
            double logC = Double.isNaN(fixedLogC) ? rejectionRoot(zs, rho) : fixedLogC;
            double alpha = Math.min(1, Math.exp(zs[0] - logC));
            out[tuple[0]] += prob * alpha;
            if (n > 1) {
                out[tuple[1]] += prob * (1 - alpha);
            } else {
                addScaled(out, q, prob * (1 - alpha));
            }
        });
        return out;
    }

    /** The tilted target ∝ base·e^{β·r}. */
    public double[] tilted(double[] base) {
        double[] out = new double[base.length];
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = base[k] * Math.exp(beta * reward[k]);
            sum += out[k];
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= sum;
        }
        return out;
    }

    /** GSI's large-n limit with threshold u: π_{β,B}·1[z &gt; β·u] + (1 − A)·F∞. */
    public double[] gsiLimit(double u) {
        double[] target = tilted(baseT1);
        double[] fallbackLimit = tilted(baseFallback);
        double[] out = new double[q.length];
        double accepted = 0;
        for (int k = 0; k < out.length; k++) {
            if (z(k) > beta * u) {
                out[k] = target[k];
                accepted += target[k];
            }
        }
        addScaled(out, fallbackLimit, 1 - accepted);
        return out;
    }

    /** RSD's large-n limit: π_{β,S}·1[r ≥ δ] + (1 − A)·F∞. */
    public double[] rsdLimit(double delta) {
        double[] pick = tilted(q);
        double[] fallbackLimit = tilted(baseFallback);
        double[] out = new double[q.length];
        double accepted = 0;
        for (int k = 0; k < out.length; k++) {
            if (reward[k] >= delta) {
                out[k] = pick[k];
                accepted += pick[k];
            }
        }
        addScaled(out, fallbackLimit, 1 - accepted);
        return out;
    }

    /**
     * Importance resampling's large-n limit: log c* solves E_q[1 − min(1, e^{z − c})] = ρ, and the
     * output is q̃ = q·min(1, e^{z − c*}) + ρ·q (GSI.md §4).
     */
    public double[] importanceResamplingLimit(double rho) {
        double lo = -1e3;
        double hi = 1e3;
        for (int it = 0; it < 300; it++) {
            double mid = (lo + hi) / 2;
            double rate = 0;
            for (int k = 0; k < q.length; k++) {
                rate += q[k] * (1 - Math.min(1, Math.exp(z(k) - mid)));
            }
            if (rate < rho) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double logC = (lo + hi) / 2;
        double[] out = new double[q.length];
        for (int k = 0; k < q.length; k++) {
            out[k] = q[k] * Math.min(1, Math.exp(z(k) - logC)) + rho * q[k];
        }
        return out;
    }

    /** KL(p ‖ r) in nats; infinite if r is 0 where p is not. */
    public static double kl(double[] p, double[] r) {
        double kl = 0;
        for (int k = 0; k < p.length; k++) {
            if (p[k] > 0) {
                kl += r[k] > 0 ? p[k] * Math.log(p[k] / r[k]) : Double.POSITIVE_INFINITY;
            }
        }
        return kl;
    }

    /** Solves (1/n)·Σ(1 − min(1, e^{z_i − c})) = ρ for c by plain bisection (independent of the engine). */
    static double rejectionRoot(double[] z, double rho) {
        double lo = -1e3;
        double hi = 1e3;
        for (int it = 0; it < 300; it++) {
            double mid = (lo + hi) / 2;
            double rate = 0;
            for (double v : z) {
                rate += 1 - Math.min(1, Math.exp(v - mid));
            }
            if (rate / z.length < rho) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private interface TupleVisitor {
        void visit(int[] tuple, double probability);
    }

    private void forEachTuple(int n, double[] p, TupleVisitor visitor) {
        int[] tuple = new int[n];
        recurse(0, 1.0, tuple, p, visitor);
    }

    private void recurse(int pos, double prob, int[] tuple, double[] p, TupleVisitor visitor) {
        if (pos == tuple.length) {
            visitor.visit(tuple, prob);
            return;
        }
        for (int k = 0; k < p.length; k++) {
            if (p[k] > 0) {
                tuple[pos] = k;
                recurse(pos + 1, prob * p[k], tuple, p, visitor);
            }
        }
    }

    private static double[] weights(int[] tuple, java.util.function.IntToDoubleFunction logWeight) {
        double[] lw = new double[tuple.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < lw.length; i++) {
            lw[i] = logWeight.applyAsDouble(tuple[i]);
            max = Math.max(max, lw[i]);
        }
        double sum = 0;
        for (int i = 0; i < lw.length; i++) {
            lw[i] = Math.exp(lw[i] - max);
            sum += lw[i];
        }
        for (int i = 0; i < lw.length; i++) {
            lw[i] /= sum;
        }
        return lw;
    }

    private static void addScaled(double[] into, double[] p, double factor) {
        for (int k = 0; k < p.length; k++) {
            into[k] += factor * p[k];
        }
    }
}
