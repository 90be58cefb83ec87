package io.github.gsi4j.http;

import java.util.List;
import java.util.function.Function;

import io.github.gsi4j.core.GsiInvalidResponseException;

/**
 * Checks on each value of a server's answer, so that one impossible number fails the answer (and gets it asked
 * for again) instead of hiding in a sum: per-token log-probabilities, token ids, and probabilities.
 */
public final class AnswerChecks {

    /** The largest log-probability accepted as rounding noise above 0 (float32 log-softmax of a certain token). */
    public static final double LOG_PROB_SLACK = 1e-4;
    /** How far a probability distribution's sum may be from 1 (float16 rounding of a softmax). */
    public static final double SUM_TOLERANCE = 1e-3;

    private AnswerChecks() {
    }

    /**
     * One token's log-probability: a finite number at most {@link #LOG_PROB_SLACK}. vLLM writes {@code -9999.0}
     * for an impossible token (its clamp of {@code -inf}), which passes; NaN, infinities and positive values do not.
     *
     * @param where the place in the answer, for the message ("choice 2 at prompt position 7")
     */
    public static double logProb(Double v, String where, Function<String, GsiInvalidResponseException> invalid) {
        if (v == null) {
            throw invalid.apply(where + " has no log-probability");
        }
        if (!Double.isFinite(v) || v > LOG_PROB_SLACK) {
            throw invalid.apply(where + " has log-probability " + v
                    + ", which cannot be right (a token's log-probability is a finite number <= 0)");
        }
        return v;
    }

    /** A token id: in [0, vocabularySize) when the vocabulary size is known (> 0), else at least 0. */
    public static int tokenId(int id, int vocabularySize, String where, Function<String, GsiInvalidResponseException> invalid) {
        if (id < 0 || (vocabularySize > 0 && id >= vocabularySize)) {
            throw invalid.apply(where + " has token id " + id + ", outside the vocabulary"
                    + (vocabularySize > 0 ? " [0, " + vocabularySize + ")" : ""));
        }
        return id;
    }

    /**
     * A probability distribution (class probabilities, a {@code [p_wrong, p_right]} pair): every value in
     * [0, 1] and, for two values or more, the sum 1 within {@link #SUM_TOLERANCE} (a single value is a sigmoid).
     */
    public static void distribution(List<Double> probabilities, String where,
            Function<String, GsiInvalidResponseException> invalid) {
        double sum = 0;
        for (Double p : probabilities) {
            if (p == null || !(p >= 0 && p <= 1)) {
                throw invalid.apply(where + " has probability " + p + ", outside [0, 1]: " + probabilities);
            }
            sum += p;
        }
        if (probabilities.size() > 1 && Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw invalid.apply(where + " has probabilities " + probabilities + " summing to " + sum + ", not 1");
        }
    }
}
