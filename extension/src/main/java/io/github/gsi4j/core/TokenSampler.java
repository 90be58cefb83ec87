package io.github.gsi4j.core;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Samples one token from raw logits with temperature, top-k and top-p, and reports the exact
 * log-probability of the drawn token under the distribution it was drawn from. Model adapters use it
 * so that a draft's reported log-density is the proposal density GSI's importance weight needs.
 *
 * <p>Filtering order follows common serving stacks: temperature, then top-k, then top-p on the
 * tempered distribution, then renormalisation. Temperature 0 is greedy decoding (log-probability 0).
 * Instances are immutable and thread-safe.
 */
public final class TokenSampler {

    private final double temperature;
    private final double topP;
    private final int topK;
    private final ProposalDensity density;

    /** A sampler for the token-level part of {@code params}. */
    public TokenSampler(SamplingParams params) {
        this.temperature = params.temperature();
        this.topP = params.topP();
        this.topK = params.topK();
        this.density = params.proposalDensity();
    }

    /**
     * A drawn token and its log-probability.
     *
     * @param token the token id
     * @param logProb the log-probability under the sampling distribution ({@link ProposalDensity#EXACT})
     *        or under the raw temperature-1 distribution ({@link ProposalDensity#RAW})
     */
    public record Draw(int token, double logProb) {
    }

    /** Draws one token from {@code logits} (only the first {@code vocabSize} entries are used). */
    public Draw sample(float[] logits, int vocabSize, RandomGenerator random) {
        if (temperature == 0) {
            int best = argMax(logits, vocabSize);
            return new Draw(best, density == ProposalDensity.RAW ? logSoftmaxAt(logits, vocabSize, best) : 0.0);
        }
        double[] logp = logProbabilities(logits, vocabSize);
        double u = random.nextDouble();
        int chosen = -1;
        for (int i = 0; i < vocabSize; i++) {
            if (logp[i] != Double.NEGATIVE_INFINITY) {
                chosen = i;
                u -= Math.exp(logp[i]);
                if (u < 0) {
                    break;
                }
            }
        }
        double lp = density == ProposalDensity.RAW ? logSoftmaxAt(logits, vocabSize, chosen) : logp[chosen];
        return new Draw(chosen, lp);
    }

    /**
     * The log-probabilities of the sampling distribution over the first {@code vocabSize} tokens:
     * {@code -Infinity} for tokens removed by top-k or top-p. Requires a positive temperature.
     */
    public double[] logProbabilities(float[] logits, int vocabSize) {
        if (temperature == 0) {
            throw new IllegalStateException("greedy sampling has no density over the vocabulary");
        }
        double[] scaled = new double[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            scaled[i] = logits[i] / temperature;
        }
        if (topK > 0 && topK < vocabSize) {
            double kth = kthLargest(scaled, topK);
            int tiesKept = topK - countAbove(scaled, kth); // keep exactly k: earliest ids win ties
            for (int i = 0; i < vocabSize; i++) {
                if (scaled[i] > kth) {
                    continue;
                }
                if (scaled[i] == kth && tiesKept > 0) {
                    tiesKept--;
                    continue;
                }
                scaled[i] = Double.NEGATIVE_INFINITY;
            }
        }
        double lse = LogMath.logSumExp(scaled);
        for (int i = 0; i < vocabSize; i++) {
            scaled[i] -= lse;
        }
        if (topP < 1) {
            applyTopP(scaled);
        }
        return scaled;
    }

    /** log softmax(logits)_token at temperature 1. */
    public static double logSoftmaxAt(float[] logits, int vocabSize, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < vocabSize; i++) {
            sum += Math.exp(logits[i] - max);
        }
        return logits[token] - max - Math.log(sum);
    }

    /** Keeps the smallest set of most likely tokens whose mass reaches topP, then renormalises. */
    private void applyTopP(double[] logp) {
        Integer[] order = new Integer[logp.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(logp[b], logp[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        double mass = 0;
        int keep = 0;
        while (keep < order.length && mass < topP && logp[order[keep]] != Double.NEGATIVE_INFINITY) {
            mass += Math.exp(logp[order[keep]]);
            keep++;
        }
        double logMass = Math.log(mass);
        for (int r = 0; r < order.length; r++) {
            int i = order[r];
            logp[i] = r < keep ? logp[i] - logMass : Double.NEGATIVE_INFINITY;
        }
    }

    private static double kthLargest(double[] x, int k) {
        double[] copy = x.clone();
        Arrays.sort(copy);
        return copy[copy.length - k];
    }

    private static int countAbove(double[] x, double threshold) {
        int c = 0;
        for (double v : x) {
            if (v > threshold) {
                c++;
            }
        }
        return c;
    }

    private static int argMax(float[] logits, int vocabSize) {
        int best = 0;
        for (int i = 1; i < vocabSize; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
