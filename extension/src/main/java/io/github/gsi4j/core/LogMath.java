package io.github.gsi4j.core;

import java.util.random.RandomGenerator;

/**
 * Numerically safe operations on log-weights: log-sum-exp and sampling from softmax. Entries of
 * {@code -Infinity} are weights of zero; NaN is never produced from finite or {@code -Infinity} input.
 */
public final class LogMath {

    private LogMath() {
    }

    /** log Σ e^{x_i}; {@code -Infinity} when every entry is {@code -Infinity} or the array is empty. */
    public static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** softmax(x) as probabilities; all zeros when every entry is {@code -Infinity}. */
    public static double[] softmax(double[] x) {
        double lse = logSumExp(x);
        double[] p = new double[x.length];
        if (lse == Double.NEGATIVE_INFINITY) {
            return p;
        }
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - lse);
        }
        return p;
    }

    /**
     * Draws an index i with probability softmax(logWeights)_i.
     *
     * @return the index, or -1 when every weight is zero ({@code -Infinity})
     */
    public static int sampleSoftmax(double[] logWeights, RandomGenerator random) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logWeights) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return -1;
        }
        double total = 0;
        double[] w = new double[logWeights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logWeights[i] - max);
            total += w[i];
        }
        double u = random.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                last = i;
                u -= w[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last; // rounding left u >= 0: the last index with weight
    }

    /** The scaled copy factor·x. */
    public static double[] scale(double[] x, double factor) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = factor * x[i];
        }
        return out;
    }

    /** The largest entry, {@code -Infinity} for an empty array. */
    public static double max(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        return max;
    }
}
