package io.github.gsi4j.core;

import java.util.OptionalDouble;

/**
 * Importance-corrected rejection-resampling's constant c: part of {@link GsiOptions}, set with its builder.
 *
 * @param rejectionRate target rejection rate ρ when log c is found by bisection; default 0.2
 * @param logC a fixed log c (instead of bisection on ρ); default absent
 */
public record ImportanceResampling(double rejectionRate, OptionalDouble logC) {
}
