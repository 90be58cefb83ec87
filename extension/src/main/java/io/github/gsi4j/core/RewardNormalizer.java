package io.github.gsi4j.core;

/**
 * Maps a reward scorer's raw scores into [0, 1], the range GSI's theory needs.
 */
public enum RewardNormalizer {
    /** Scores are used as they are; a score outside [0, 1] is an error. */
    NONE {
        @Override
        public double apply(double raw) {
            return raw;
        }
    },
    /** The logistic function 1 / (1 + e^-s), for unbounded scores such as logits. */
    SIGMOID {
        @Override
        public double apply(double raw) {
            return raw >= 0 ? 1 / (1 + Math.exp(-raw)) : Math.exp(raw) / (1 + Math.exp(raw));
        }
    },
    /** Scores below 0 become 0 and above 1 become 1. */
    CLAMP {
        @Override
        public double apply(double raw) {
            return Math.max(0, Math.min(1, raw));
        }
    };

    /** Normalises one raw score; NaN stays NaN. */
    public abstract double apply(double raw);
}
