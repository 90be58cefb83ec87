package io.github.gsi4j.core;

/**
 * Reward-guided speculative decoding's acceptance test: part of {@link GsiOptions}, set with its builder.
 *
 * @param threshold the reward threshold δ (accept when r ≥ δ); default 0.7
 */
public record RsdAcceptance(double threshold) {
}
