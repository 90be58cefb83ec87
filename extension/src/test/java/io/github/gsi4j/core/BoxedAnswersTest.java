package io.github.gsi4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoxedAnswersTest {

    @Test
    void findsTheLastCompleteBoxWithNestedBraces() {
        assertThat(BoxedAnswers.last("so \\boxed{1} or rather \\boxed{\\frac{1}{2}}.")).contains("\\frac{1}{2}");
        assertThat(BoxedAnswers.last("\\boxed{x} then \\boxed{\\frac{1}{")).contains("x");
        assertThat(BoxedAnswers.last("no answer")).isEmpty();
        assertThat(BoxedAnswers.containsComplete("\\boxed{\\frac{1}{2}")).isFalse();
        assertThat(BoxedAnswers.containsComplete("\\boxed{}")).isTrue();
    }
}
