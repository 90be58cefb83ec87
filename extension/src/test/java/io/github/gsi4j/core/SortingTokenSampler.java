package io.github.gsi4j.core;

import java.util.Arrays;

/**
 * The reference for {@link TokenSampler}'s filtering: its former implementation, which sorts the whole
 * vocabulary for top-k and top-p and uses {@link Math#exp}. Test code only.
 */
final class SortingTokenSampler {

    private final double temperature;
    private final double topP;
    private final int topK;

    SortingTokenSampler(SamplingParams params) {
        this.temperature = params.temperature();
        this.topP = params.topP();
        this.topK = params.topK();
    }

    double[] logProbabilities(float[] logits, int vocabSize) {
        double[] scaled = new double[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            scaled[i] = logits[i] / temperature;
        }
        if (topK > 0 && topK < vocabSize) {
            double[] copy = scaled.clone();
            Arrays.sort(copy);
            double kth = copy[copy.length - topK];
            int above = 0;
            for (double v : scaled) {
                if (v > kth) {
                    above++;
                }
            }
            int tiesKept = topK - above;
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
            Integer[] order = new Integer[scaled.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            double[] logp = scaled;
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
        return scaled;
    }
}
