package io.github.gsi4j.core;

import java.util.random.RandomGenerator;

/**
 * Samples one token from raw logits with temperature, top-k and top-p, and reports the exact
 * log-probability of the drawn token under the distribution it was drawn from. Model adapters use it
 * so that a draft's reported log-density is the proposal density GSI's importance weight needs.
 *
 * <p>
 * Filtering order follows common serving stacks: temperature, then top-k, then top-p on the
 * tempered distribution, then renormalisation. Temperature 0 is greedy decoding (log-probability 0).
 * Instances are immutable and thread-safe.
 *
 * <p>
 * Every step is linear in the vocabulary: top-k and the nucleus are found by partial selection
 * ({@link Nucleus}), not by sorting, and the exponentials use {@link FastExp}; a token at a vocabulary of
 * 150 000 costs about a millisecond. The kept set is the one a sort would give (ties broken by lower
 * id), and a draw scans the kept tokens in id order, as before.
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
        return sample(logits, 0, vocabSize, random);
    }

    /** Draws one token from {@code logits[offset, offset + vocabSize)}. */
    public Draw sample(float[] logits, int offset, int vocabSize, RandomGenerator random) {
        if (temperature == 0) {
            int best = argMax(logits, offset, vocabSize);
            return new Draw(best, density == ProposalDensity.RAW ? logSoftmaxAt(logits, offset, vocabSize, best) : 0.0);
        }
        Filtered f = filter(logits, offset, vocabSize);
        double u = random.nextDouble() * f.kept;
        int chosen = -1;
        for (int i = 0; i < vocabSize; i++) {
            if (f.scaled[i] != Double.NEGATIVE_INFINITY) {
                chosen = i;
                u -= f.weights[i];
                if (u < 0) {
                    break;
                }
            }
        }
        double lp = density == ProposalDensity.RAW ? logSoftmaxAt(logits, offset, vocabSize, chosen)
                : f.scaled[chosen] - f.logNormaliser;
        return new Draw(chosen, lp);
    }

    /**
     * The log-probabilities of the sampling distribution over the first {@code vocabSize} tokens:
     * {@code -Infinity} for tokens removed by top-k or top-p. Requires a positive temperature.
     */
    public double[] logProbabilities(float[] logits, int vocabSize) {
        return logProbabilities(logits, 0, vocabSize);
    }

    /** The same for {@code logits[offset, offset + vocabSize)}. */
    public double[] logProbabilities(float[] logits, int offset, int vocabSize) {
        if (temperature == 0) {
            throw new IllegalStateException("greedy sampling has no density over the vocabulary");
        }
        Filtered f = filter(logits, offset, vocabSize);
        double[] out = f.scaled;
        for (int i = 0; i < vocabSize; i++) {
            out[i] -= f.logNormaliser; // -Infinity stays -Infinity
        }
        return out;
    }

    /**
     * The filtered distribution, unnormalised: scaled logits ({@code -Infinity} where removed), their
     * weights e^(scaled − max), the kept weights' sum and log Z (the log of the normaliser of the scaled logits).
     */
    private record Filtered(double[] scaled, double[] weights, double kept, double logNormaliser) {
    }

    private Filtered filter(float[] logits, int offset, int vocabSize) {
        double[] scaled = new double[vocabSize];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            scaled[i] = logits[offset + i] / temperature;
            max = Math.max(max, scaled[i]);
        }
        if (topK > 0 && topK < vocabSize) {
            Nucleus.keepTopK(scaled, topK);
        }
        double[] weights = new double[vocabSize];
        double total = weigh(scaled, max, weights);
        double kept = total;
        if (topP < 1) {
            kept = Nucleus.keepTopP(scaled, weights, topP * total);
        }
        return new Filtered(scaled, weights, kept, max + Math.log(kept));
    }

    /** weights[i] = e^(scaled[i] − max), returning their sum (four partial sums, then added in order). */
    private static double weigh(double[] scaled, double max, double[] weights) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = scaled.length;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += weights[i] = FastExp.exp(scaled[i] - max);
            s1 += weights[i + 1] = FastExp.exp(scaled[i + 1] - max);
            s2 += weights[i + 2] = FastExp.exp(scaled[i + 2] - max);
            s3 += weights[i + 3] = FastExp.exp(scaled[i + 3] - max);
        }
        for (; i < n; i++) {
            s0 += weights[i] = FastExp.exp(scaled[i] - max);
        }
        return ((s0 + s1) + s2) + s3;
    }

    /** log softmax(logits)_token at temperature 1. */
    public static double logSoftmaxAt(float[] logits, int vocabSize, int token) {
        return logSoftmaxAt(logits, 0, vocabSize, token);
    }

    /** log softmax(logits[offset, offset + vocabSize))_token at temperature 1. */
    public static double logSoftmaxAt(float[] logits, int offset, int vocabSize, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 2 <= vocabSize; i += 2) {
            s0 += FastExp.exp(logits[offset + i] - max);
            s1 += FastExp.exp(logits[offset + i + 1] - max);
        }
        for (; i < vocabSize; i++) {
            s0 += FastExp.exp(logits[offset + i] - max);
        }
        return logits[offset + token] - max - Math.log(s0 + s1);
    }

    private static int argMax(float[] logits, int offset, int vocabSize) {
        int best = 0;
        for (int i = 1; i < vocabSize; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
