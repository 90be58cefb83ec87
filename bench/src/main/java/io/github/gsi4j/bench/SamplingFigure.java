package io.github.gsi4j.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.TokenSampler;

/**
 * The cost of drawing one token with its exact density at Qwen's vocabulary (151 936 logits): temperature 0.7
 * with top-p 0.9, top-k 50 and neither, over logits that are flat (a random-weight model's) and peaked (a
 * trained model's), single-threaded, median of 200 draws after warm-up.
 */
final class SamplingFigure {

    static final int VOCABULARY = 151_936;

    private SamplingFigure() {
    }

    /** CPU milliseconds per token (median) for {@code params} over {@code logits}. */
    static double millis(SamplingParams params, float[] logits) {
        return millis(params, logits, true);
    }

    static double millis(SamplingParams params, float[] logits, boolean cpu) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        TokenSampler sampler = new TokenSampler(params);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            sampler.sample(logits, VOCABULARY, random);
        }
        double[] ms = new double[200];
        for (int i = 0; i < ms.length; i++) {
            long t0 = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
            sampler.sample(logits, VOCABULARY, random);
            ms[i] = ((cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    static float[] logits(double spread) {
        SplittableRandom r = new SplittableRandom(7);
        float[] l = new float[VOCABULARY];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (r.nextGaussian() * spread);
        }
        return l;
    }

    /** Top-p 0.9 at temperature 0.7 over flat logits: the case the goal is stated for. */
    static double topP09() {
        return millis(params(0.9, 0), logits(0.6));
    }

    static SamplingParams params(double topP, int topK) {
        return new SamplingParams(0.7, topP, topK, 32, "\n\n", ProposalDensity.EXACT);
    }

    /** One line per setting, with the machine's load. */
    static String measure() {
        float[] flat = logits(0.6);
        float[] peaked = logits(4);
        StringBuilder sb = new StringBuilder(String.format("Sampling one token at a vocabulary of %d (ms, median; load"
                + " average %s)%n", VOCABULARY, RealShapeBenchmark.load()));
        for (double[] s : new double[][] { { 0.9, 0 }, { 1, 50 }, { 1, 0 } }) {
            SamplingParams p = params(s[0], (int) s[1]);
            sb.append(String.format("  T=0.7 top-p %.1f top-k %-3d   flat logits %.2f ms CPU (%.2f wall)   peaked"
                    + " logits %.2f ms CPU (%.2f wall)%n", s[0], (int) s[1], millis(p, flat), millis(p, flat, false),
                    millis(p, peaked), millis(p, peaked, false)));
        }
        return sb.toString();
    }
}
