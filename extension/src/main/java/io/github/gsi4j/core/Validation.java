package io.github.gsi4j.core;

import java.util.List;

/**
 * Checks on what models and scorers return, so a bad value raises an error naming its source instead
 * of silently corrupting an importance weight.
 */
final class Validation {

    /** Largest log-probability accepted as rounding noise above 0. */
    private static final double LOG_PROB_SLACK = 1e-4;

    private Validation() {
    }

    static void candidates(String source, List<StepCandidate> candidates, int expected, boolean checkDensity) {
        if (candidates == null || candidates.size() != expected) {
            throw new GsiInvalidResponseException(source + " returned " + (candidates == null ? "null" : candidates.size())
                    + " candidates, expected " + expected);
        }
        for (int i = 0; i < expected; i++) {
            StepCandidate c = candidates.get(i);
            if (c.size() == 0) {
                throw new GsiInvalidResponseException(source + " returned an empty step for candidate " + i);
            }
            for (int token : c.tokens()) {
                if (token < 0) {
                    throw new GsiInvalidResponseException(source + " returned token id " + token + " in candidate " + i
                            + "; token ids are never negative");
                }
            }
            if (checkDensity && !(Double.isFinite(c.logProb()) && c.logProb() <= LOG_PROB_SLACK)) {
                throw new GsiInvalidResponseException(source + " reported log-density " + c.logProb()
                        + " for candidate " + i + "; a sampled step needs a finite log-density <= 0");
            }
        }
    }

    static void baseLogProbs(String source, double[] logProbs, int expected) {
        if (logProbs == null || logProbs.length != expected) {
            throw new GsiInvalidResponseException(source + " returned " + (logProbs == null ? "null" : logProbs.length)
                    + " log-probabilities, expected " + expected);
        }
        for (int i = 0; i < expected; i++) {
            double v = logProbs[i];
            if (Double.isNaN(v) || v > LOG_PROB_SLACK) {
                throw new GsiInvalidResponseException(source + " returned log-probability " + v + " for candidate " + i
                        + "; expected a number <= 0 or -Infinity");
            }
        }
    }

    static double[] rewards(String source, double[] raw, int expected, RewardNormalizer normalizer) {
        if (raw == null || raw.length != expected) {
            throw new GsiInvalidResponseException(source + " returned " + (raw == null ? "null" : raw.length)
                    + " scores, expected " + expected);
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            if (Double.isNaN(raw[i])) {
                throw new GsiInvalidResponseException(source + " returned NaN for candidate " + i);
            }
            out[i] = normalizer.apply(raw[i]);
            if (!(out[i] >= 0 && out[i] <= 1)) {
                throw new GsiInvalidResponseException(source + " returned " + raw[i] + " for candidate " + i
                        + ", outside [0, 1]; configure a reward normalizer (SIGMOID or CLAMP) for unbounded scores");
            }
        }
        return out;
    }
}
