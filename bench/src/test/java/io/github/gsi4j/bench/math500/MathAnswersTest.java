package io.github.gsi4j.bench.math500;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Answer pairs in the style of MATH500 references and model outputs. */
class MathAnswersTest {

    static Stream<Arguments> equivalentPairs() {
        return Stream.of(
                Arguments.of("\\dfrac{14}{3}", "\\frac{14}{3}"),
                Arguments.of("14/3", "\\frac{14}{3}"),
                Arguments.of("\\tfrac12", "\\frac{1}{2}"),
                Arguments.of("0.5", "\\frac{1}{2}"),
                Arguments.of("-\\frac{1}{2}", "-0.5"),
                Arguments.of(".5", "0.5"),
                Arguments.of("\\frac{243}{625}", "0.3888"),
                Arguments.of("\\frac{3}{56}", "3/56"),
                Arguments.of("4.0", "4"),
                Arguments.of("2220.00", "2220"),
                Arguments.of("1,000", "1000"),
                Arguments.of("13,535", "13535"),
                Arguments.of("90^\\circ", "90"),
                Arguments.of("90^{\\circ}", "90"),
                Arguments.of("90°", "90"),
                Arguments.of("\\$42", "42"),
                Arguments.of("42\\%", "42"),
                Arguments.of("10\\text{ cm}", "10"),
                Arguments.of("5 \\text{ inches}", "5"),
                Arguments.of("12 \\mbox{ units}", "12"),
                Arguments.of("\\text{Evelyn}", "Evelyn"),
                Arguments.of("\\left( 3, \\frac{\\pi}{2} \\right)", "(3,\\frac{\\pi}{2})"),
                Arguments.of("(3, \\dfrac{\\pi}{2})", "\\left( 3, \\frac{\\pi}{2} \\right)"),
                Arguments.of("x=5", "5"),
                Arguments.of("x = 5", "5"),
                Arguments.of("3\\sqrt{13}", "3 \\sqrt{13}"),
                Arguments.of("11\\sqrt2", "11\\sqrt{2}"),
                Arguments.of("6 - 5i", "6-5i"),
                Arguments.of("1,-2", "1, -2"),
                Arguments.of("3, 5, 7", "3,5,7"),
                Arguments.of("\\boxed{72}", "72"),
                Arguments.of("\\frac{6}{8}", "0.75"),
                Arguments.of("(0.5, 2)", "(\\frac{1}{2}, 2.0)"),
                Arguments.of("[-2, 7)", "[-2,7)"),
                Arguments.of("p - q", "p-q"),
                Arguments.of("\\pi", "\\pi"),
                Arguments.of("-0", "0"),
                Arguments.of("\\frac{-3}{4}", "-0.75"),
                Arguments.of("52_8", "52_8"),
                Arguments.of("\\!\\!2\\,000", "2000"));
    }

    static Stream<Arguments> differentPairs() {
        return Stream.of(
                Arguments.of("\\frac{14}{3}", "\\frac{3}{14}"),
                Arguments.of("4", "40"),
                Arguments.of("p - q", "q - p"),
                Arguments.of("6-5i", "6+5i"),
                Arguments.of("(3,\\frac{\\pi}{2})", "(\\frac{\\pi}{2},3)"),
                Arguments.of("(3, 5)", "[3, 5]"),
                Arguments.of("3\\sqrt{13}", "3\\sqrt{31}"),
                Arguments.of("3\\sqrt{13}", "3\\sqrt13"), // LaTeX reads \sqrt13 as \sqrt{1}3, and so do the graders
                Arguments.of("1,-2", "1,2"),
                Arguments.of("0.5", "0.05"),
                Arguments.of("-50", "50"),
                Arguments.of("52_8", "52"),
                Arguments.of("\\text{Evelyn}", "Emma"),
                Arguments.of("x=5", "x=6"),
                Arguments.of("2000", "200"),
                Arguments.of("1.000", "1000"),
                Arguments.of("3, 5, 7", "3, 5"),
                Arguments.of("", "0"),
                Arguments.of("\\frac{1}{0}", "0"));
    }

    @ParameterizedTest
    @MethodSource("equivalentPairs")
    void equivalent(String given, String reference) {
        assertThat(MathAnswers.equivalent(given, reference)).as("%s ~ %s (normalised %s and %s)", given, reference,
                MathAnswers.normalize(given), MathAnswers.normalize(reference)).isTrue();
        assertThat(MathAnswers.equivalent(reference, given)).as("symmetric").isTrue();
    }

    @ParameterizedTest
    @MethodSource("differentPairs")
    void different(String given, String reference) {
        assertThat(MathAnswers.equivalent(given, reference)).as("%s !~ %s (normalised %s and %s)", given, reference,
                MathAnswers.normalize(given), MathAnswers.normalize(reference)).isFalse();
        assertThat(MathAnswers.equivalent(reference, given)).as("symmetric").isFalse();
    }

    @Test
    void theLastCompleteBoxedAnswerIsExtracted() {
        assertThat(MathAnswers.extract("First \\boxed{3}, then \\boxed{\\frac{1}{2}}.")).contains("\\frac{1}{2}");
        assertThat(MathAnswers.extract("nested \\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}"))
                .contains("\\left( 3, \\frac{\\pi}{2} \\right)");
        assertThat(MathAnswers.extract("unfinished \\boxed{3")).isEmpty();
        assertThat(MathAnswers.extract("no answer")).isEmpty();
    }
}
