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
 * ({@link Nucleus}), not by sorting, and the exponentials use {@link FastExp} (four at a time on the Vector
 * API); a token at Qwen's vocabulary of 151 936 with top-p 0.9 costs about a millisecond on one core. The
 * kept set is the one a sort would give (ties broken by lower id), and a draw scans the tokens in id order.
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

    /**
     * Working arrays for repeated calls at one vocabulary size, so that a decoder drawing one token after
     * another does not allocate two vocabulary-sized arrays a token (at Qwen's 151 936 entries, 1.2 MB each:
     * G1 allocates them as humongous objects, and every few tokens starts a concurrent cycle). Not thread-safe:
     * one per thread or task.
     */
    public static final class Scratch {
        private double[] scaled = new double[0];
        private double[] weights = new double[0];

        /** Empty working arrays, sized on first use. */
        public Scratch() {
        }

        private void size(int vocabSize) {
            if (scaled.length != vocabSize) {
                scaled = new double[vocabSize];
                weights = new double[vocabSize];
            }
        }
    }

    /** Draws one token from {@code logits[offset, offset + vocabSize)}. */
    public Draw sample(float[] logits, int offset, int vocabSize, RandomGenerator random) {
        return sample(logits, offset, vocabSize, random, new Scratch());
    }

    /** {@link #sample(float[], int, int, RandomGenerator)} on {@code scratch}'s working arrays. */
    public Draw sample(float[] logits, int offset, int vocabSize, RandomGenerator random, Scratch scratch) {
        if (temperature == 0) {
            int best = argMax(logits, offset, vocabSize);
            return new Draw(best, density == ProposalDensity.RAW ? logSoftmaxAt(logits, offset, vocabSize, best) : 0.0);
        }
        scratch.size(vocabSize);
        Filtered f = filter(logits, offset, vocabSize, scratch.scaled, scratch.weights);
        double u = random.nextDouble() * f.kept;
        int chosen = -1;
        // removed tokens weigh 0, so u first drops below 0 at a kept token; no test of the removal per token
        for (int i = 0; i < vocabSize; i++) {
            u -= f.weights[i];
            if (u < 0) {
                chosen = i;
                break;
            }
        }
        if (chosen < 0) { // rounding left u >= 0: the last kept token, as a scan to the end would end on
            chosen = vocabSize - 1;
            while (f.scaled[chosen] == Double.NEGATIVE_INFINITY) {
                chosen--;
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
        Filtered f = filter(logits, offset, vocabSize, new double[vocabSize], new double[vocabSize]);
        double[] out = f.scaled;
        for (int i = 0; i < vocabSize; i++) {
            out[i] -= f.logNormaliser; // -Infinity stays -Infinity
        }
        return out;
    }

    /**
     * The log-probability of {@code token} under the sampling distribution of {@code logits[offset, offset +
     * vocabSize)} (what {@link #logProbabilities(float[], int, int)} gives for it), on {@code scratch}'s arrays.
     */
    public double logProbability(float[] logits, int offset, int vocabSize, int token, Scratch scratch) {
        if (temperature == 0) {
            throw new IllegalStateException("greedy sampling has no density over the vocabulary");
        }
        scratch.size(vocabSize);
        Filtered f = filter(logits, offset, vocabSize, scratch.scaled, scratch.weights);
        return f.scaled[token] - f.logNormaliser;
    }

    /**
     * The filtered distribution, unnormalised: scaled logits ({@code -Infinity} where removed), their
     * weights e^(scaled − max), the kept weights' sum and log Z (the log of the normaliser of the scaled logits).
     */
    private record Filtered(double[] scaled, double[] weights, double kept, double logNormaliser) {
    }

    /** Fills {@code scaled} and {@code weights} (both of length vocabSize). */
    private Filtered filter(float[] logits, int offset, int vocabSize, double[] scaled, double[] weights) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            scaled[i] = logits[offset + i] / temperature;
            max = Math.max(max, scaled[i]);
        }
        if (topK > 0 && topK < vocabSize) {
            Nucleus.keepTopK(scaled, topK);
        }
        double total = FastExp.weigh(scaled, max, weights);
        double kept = total;
        if (topP < 1) {
            kept = Nucleus.keepTopP(scaled, weights, topP * total);
        }
        return new Filtered(scaled, weights, kept, max + Math.log(kept));
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
        return logits[offset + token] - max - Math.log(FastExp.sumExp(logits, offset, vocabSize, max));
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
