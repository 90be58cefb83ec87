package io.github.gsi4j.core;

/**
 * GSI's acceptance test: part of {@link GsiOptions}, set with its builder.
 *
 * @param threshold the threshold u (accept when z &gt; β·u); {@code -Infinity} when off; default 0.5
 */
public record GsiAcceptance(double threshold) {

    /** Whether the acceptance test is on (threshold &gt; -∞). */
    public boolean thresholdEnabled() {
        return threshold != Double.NEGATIVE_INFINITY;
    }
}
