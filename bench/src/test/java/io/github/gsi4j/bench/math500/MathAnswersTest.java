package io.github.gsi4j.bench.math500;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The grader against the PRM800K grader itself: {@code math500/grader-golden.jsonl} holds, for each pair of
 * {@code grader-pairs.txt} (MATH500's kinds of reference answers: fractions, decimals, radicals, π, complex
 * numbers, polynomials, degrees, units, money, {@code \text{}}, bases, tuples, intervals, unions, multiple
 * answers, matrices, equations), the mark that openai/prm800k's {@code grade_answer} gives and the two normal
 * forms it compares, written by {@code make-grader-golden.py} running the original code. Each pair must get the
 * same mark here, through the same normal forms.
 */
class MathAnswersTest {

    static List<JsonNode> golden() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = MathAnswersTest.class.getResourceAsStream("/math500/grader-golden.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(json.readTree(line));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("golden")
    void marksAsThePrm800kGrader(JsonNode pair) {
        String given = pair.get("given").asText();
        String reference = pair.get("reference").asText();
        assertThat(MathdNormalizer.normalize(given)).as("MATH normal form of %s", given)
                .isEqualTo(pair.get("mathd").get(0).asText());
        assertThat(MathdNormalizer.normalize(reference)).as("MATH normal form of %s", reference)
                .isEqualTo(pair.get("mathd").get(1).asText());
        assertThat(Prm800kGrader.normalize(given)).as("PRM800K normal form of %s", given)
                .isEqualTo(pair.get("normalized").get(0).asText());
        assertThat(Prm800kGrader.normalize(reference)).as("PRM800K normal form of %s", reference)
                .isEqualTo(pair.get("normalized").get(1).asText());
        assertThat(MathAnswers.equivalent(given, reference)).as("%s against %s", given, reference)
                .isEqualTo(pair.get("correct").asBoolean());
    }

    @Test
    void thePairsCoverBothMarksAndEnoughKinds() throws IOException {
        List<JsonNode> pairs = golden();
        long correct = pairs.stream().filter(p -> p.get("correct").asBoolean()).count();
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(80);
        assertThat(correct).as("pairs marked correct").isGreaterThanOrEqualTo(40);
        assertThat(pairs.size() - correct).as("pairs marked wrong").isGreaterThanOrEqualTo(30);
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
