package io.github.gsi4j.bench.math500;

import java.util.Optional;

import io.github.gsi4j.core.BoxedAnswers;

/**
 * Extracts and grades MATH answers as the GSI reference code does: the last complete {@code \boxed{...}} of a
 * solution, graded against the reference answer by the PRM800K grader's rules ({@link Prm800kGrader}: the MATH
 * normalisation, PRM800K's own normalisation, then element-wise symbolic equivalence, with unreduced fractions
 * rejected).
 */
public final class MathAnswers {

    private MathAnswers() {
    }

    /** The content of the last complete {@code \boxed{...}} of a solution. */
    public static Optional<String> extract(String solution) {
        return solution == null ? Optional.empty() : BoxedAnswers.last(solution);
    }

    /** Whether {@code given} is marked correct against the reference answer {@code reference}. */
    public static boolean equivalent(String given, String reference) {
        return given != null && reference != null && Prm800kGrader.grade(given, reference);
    }
}
