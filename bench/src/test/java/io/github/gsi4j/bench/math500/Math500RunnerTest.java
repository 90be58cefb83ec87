package io.github.gsi4j.bench.math500;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.gsi4j.bench.GpuLatencyModel;
import io.github.gsi4j.bench.GpuLikeServer;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;

/**
 * The runner end to end against the GPU-like server (no modelled latency) on five synthetic problems: a
 * draft and base that answer every question with {@code \boxed{4}}, and references of which four are 4 in
 * other forms. Then the resume: a second run does nothing, a truncated results file is completed.
 */
class Math500RunnerTest {

    static final String[][] PROBLEMS = { { "What is 2 + 2?", "4" }, { "What is 8 / 2?", "4.0" },
            { "Write 4 as a fraction with denominator 2.", "\\frac{8}{2}" }, { "Solve x - 1 = 3.", "x = 4" },
            { "What is 2 + 3?", "5" } };

    /** A model that answers every question with {@code \boxed{4}}, used as draft and base. */
    static final Bigram BIGRAM = Bigram.answering(PROBLEMS[0][0], " So the answer is \\boxed{4}.\n\n");
    /** A server that answers as soon as it has computed. */
    static final GpuLatencyModel NO_LATENCY = new GpuLatencyModel(Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO,
            true);

    @TempDir
    Path dir;

    /** The five problems as a MATH500-style JSONL file. */
    Path problems() throws Exception {
        Path problems = dir.resolve("problems.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PROBLEMS.length; i++) {
            sb.append(Math500Runner.JSON.createObjectNode().put("problem", PROBLEMS[i][0]).put("answer", PROBLEMS[i][1])
                    .put("unique_id", "synthetic/" + i + ".json")).append('\n');
        }
        Files.writeString(problems, sb);
        return problems;
    }

    @Test
    void runsReportsAndResumes() throws Exception {
        Path problems = problems();
        Path results = dir.resolve("results.jsonl");
        try (JlamaModel draft = JlamaModel.load(BIGRAM.folder()); JlamaModel base = JlamaModel.load(BIGRAM.folder());
                GpuLikeServer server = new GpuLikeServer(base, "tiny/base", NO_LATENCY)) {
            Math500Runner.Settings s = Math500Runner.Settings.parse("--problems", problems.toString(), "--results",
                    results.toString(), "--draft", BIGRAM.folder().toString(), "--base-url", server.url(), "--base-model",
                    "tiny/base", "--prm-url", server.url(), "--n", "4", "--max-steps", "4", "--max-step-tokens", "32");
            ByteArrayOutputStream progress = new ByteArrayOutputStream();

            Math500Runner.Summary first = Math500Runner.run(s, draft, new PrintStream(progress, true, StandardCharsets.UTF_8));

            assertThat(first.problems()).isEqualTo(5);
            assertThat(first.correct()).isEqualTo(4);
            assertThat(first.accuracy()).isEqualTo(0.8);
            assertThat(first.steps()).isPositive();
            assertThat(first.acceptance()).isBetween(0.0, 1.0);
            assertThat(first.toString()).contains("accuracy 80.0% (4 correct)");
            List<JsonNode> lines = Math500Runner.read(results);
            assertThat(lines).hasSize(5).allSatisfy(l -> assertThat(l.get("extracted").asText()).isEqualTo("4"));
            assertThat(lines).extracting(l -> l.get("correct").asBoolean()).containsExactly(true, true, true, true, false);
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("5/5").contains("accuracy 80.0%");

            long requests = server.counters().requests();
            Math500Runner.Summary again = Math500Runner.run(s, draft, new PrintStream(new ByteArrayOutputStream()));
            assertThat(again).isEqualTo(first);
            assertThat(server.counters().requests() - requests).as("only the start-up check").isEqualTo(2);

            List<String> kept = Files.readAllLines(results).subList(0, 3);
            Files.write(results, kept);
            Math500Runner.Summary resumed = Math500Runner.run(s, draft, new PrintStream(new ByteArrayOutputStream()));
            assertThat(resumed.problems()).isEqualTo(5);
            assertThat(resumed.correct()).isEqualTo(4);
            assertThat(Math500Runner.read(results)).extracting(l -> l.get("id").asText()).containsExactly(
                    "synthetic/0.json", "synthetic/1.json", "synthetic/2.json", "synthetic/3.json", "synthetic/4.json");
        }
    }

    @Test
    void runsWithAVllmServedDraft() throws Exception {
        Path problems = problems();
        try (JlamaModel template = JlamaModel.load(BIGRAM.folder()); JlamaModel draft = JlamaModel.load(BIGRAM.folder());
                JlamaModel base = JlamaModel.load(BIGRAM.folder());
                GpuLikeServer baseServer = new GpuLikeServer(base, "tiny/base", NO_LATENCY);
                GpuLikeServer draftServer = new GpuLikeServer(draft, "tiny/draft", NO_LATENCY, ProposalDensity.EXACT)) {
            Math500Runner.Settings s = Math500Runner.Settings.parse("--problems", problems.toString(), "--results",
                    dir.resolve("served.jsonl").toString(), "--draft", BIGRAM.folder().toString(), "--draft-url",
                    draftServer.url(), "--draft-model", "tiny/draft", "--base-url", baseServer.url(), "--base-model",
                    "tiny/base", "--prm-url", baseServer.url(), "--n", "4", "--max-steps", "4", "--max-step-tokens", "32");
            Math500Runner.Summary summary = Math500Runner.run(s, template, new PrintStream(new ByteArrayOutputStream()));

            assertThat(summary.problems()).isEqualTo(5);
            assertThat(summary.correct()).isEqualTo(4);
            assertThat(draftServer.counters().generatedTokens()).as("the served draft sampled the candidates").isPositive();
            assertThat(draftServer.counters().requests()).as("start-up probe and one draft request a step")
                    .isEqualTo(3 + summary.steps());
        }
        assertThatThrownBy(() -> Math500Runner.Settings.parse("--draft", "d", "--base-url", "u", "--base-model", "m",
                "--prm-url", "p", "--draft-logprobs", "exact")).hasMessageContaining("--draft-logprobs must be processed or raw");
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> Math500Runner.Settings.parse("--draft", "d", "--base-url", "u", "--base-model", "m"))
                .hasMessage("--prm-url is required");
        assertThatThrownBy(() -> Math500Runner.Settings.parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
    }
}
