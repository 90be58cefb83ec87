package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.gsi4j.testing.TinyModels;

class TokenTextTest {

    static JlamaModel model;

    @BeforeAll
    static void load() {
        model = JlamaModel.load(TinyModels.draft());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Feeds the tokens of {@code text} one by one; the index of the token after which the step ends, or -1. */
    static int endsAfter(String text, String delimiter) {
        TokenText.StepEnd end = new TokenText(model.jlama().getTokenizer().getModel(), model.vocabularySize()).new StepEnd(
                delimiter);
        int[] tokens = model.encode(text);
        for (int i = 0; i < tokens.length; i++) {
            if (end.append(tokens[i])) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aStepEndsAtTheFirstTokenAfterWhichItsTextContainsTheDelimiter() {
        for (String delimiter : List.of("\n\n", "is 4", "x", "answer is 4.\n")) {
            String text = "The answer is 4.\n\nSo x = 4.";
            int at = endsAfter(text, delimiter);
            assertThat(at).as("delimiter %s", delimiter.replace("\n", "\\n")).isNotNegative();
            int[] tokens = model.encode(text);
            String through = model.decode(java.util.Arrays.copyOf(tokens, at + 1));
            String before = model.decode(java.util.Arrays.copyOf(tokens, at));
            assertThat(through).contains(delimiter);
            assertThat(before).doesNotContain(delimiter);
        }
        assertThat(endsAfter("no delimiter here", "\n\n")).isEqualTo(-1);
    }
}
