package io.github.gsi4j.bench.math500;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.bench.server.GpuLatencyModel;
import io.github.gsi4j.bench.server.GpuLikeServer;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.vllm.PrmPromptRenderer;

/**
 * The runner end to end against the GPU-like server (no modelled latency) on five synthetic problems: a draft and
 * base that answer every question with {@code \boxed{4}}, and references of which three are 4 as the PRM800K
 * grader sees it ({@code \frac{8}{2}} is not: an integer answer needs an integer reference). Then: a results file
 * is only continued with {@code --resume}; failed problems are recorded and retried; steps fit
 * {@code max_model_len}; several policies and seeds give one table row per policy.
 */
class Math500RunnerTest {

    static final String[][] PROBLEMS = { { "What is 2 + 2?", "4" }, { "What is 8 / 2?", "4.0" },
            { "Write 4 as a fraction with denominator 2.", "\\frac{8}{2}" }, { "Solve x - 1 = 3.", "x = 4" },
            { "What is 2 + 3?", "5" } };

    /** A model that answers every question with {@code \boxed{4}}, used as draft and base. */
    static final Bigram BIGRAM = Bigram.answering(PROBLEMS[0][0], " So the answer is \\boxed{4}.\n\n");
    static final GpuLatencyModel NO_LATENCY = new GpuLatencyModel(Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO,
            true);

    static JlamaModel draft;
    static JlamaModel base;
    static GpuLikeServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        draft = JlamaModel.load(BIGRAM.folder());
        base = JlamaModel.load(BIGRAM.folder());
        server = new GpuLikeServer(base, "tiny/base", NO_LATENCY);
    }

    @AfterAll
    static void stop() {
        server.close();
        base.close();
        draft.close();
    }

    /** The problems as a MATH500-style JSONL file, with one more question if given. */
    Path problems(String... extraQuestion) throws Exception {
        Path problems = dir.resolve("problems.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PROBLEMS.length; i++) {
            sb.append(ResultsFile.JSON.createObjectNode().put("problem", PROBLEMS[i][0]).put("answer", PROBLEMS[i][1])
                    .put("unique_id", "synthetic/" + i + ".json")).append('\n');
        }
        for (String q : extraQuestion) {
            sb.append(ResultsFile.JSON.createObjectNode().put("problem", q).put("answer", "4").put("unique_id", "long"))
                    .append('\n');
        }
        Files.writeString(problems, sb);
        return problems;
    }

    RunSettings settings(Path problems, Path results, String prmUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("--problems", problems.toString(), "--results", results.toString(),
                "--draft", BIGRAM.folder().toString(), "--base-url", server.url(), "--base-model", "tiny/base", "--prm-url",
                prmUrl, "--n", "4", "--max-steps", "4", "--max-step-tokens", "32", "--max-retries", "0"));
        args.addAll(List.of(more));
        return RunSettings.parse(args.toArray(String[]::new));
    }

    static List<PaperTable.Row> run(RunSettings s) {
        return Math500Runner.run(s, draft, null, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void runsGradesAndContinuesOnlyWithResume() throws Exception {
        Path results = dir.resolve("results.jsonl");
        RunSettings s = settings(problems(), results, server.url());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        List<PaperTable.Row> first = Math500Runner.run(s, draft, null, new PrintStream(progress, true));

        assertThat(first).hasSize(1);
        PaperTable.Row gsi = first.get(0);
        assertThat(gsi.policy()).isEqualTo("GSI");
        assertThat(gsi.problems()).isEqualTo(5);
        assertThat(gsi.accuracy()).isEqualTo(0.6);
        assertThat(gsi.errors()).isZero();
        assertThat(gsi.acceptance()).isBetween(0.0, 1.0);
        assertThat(gsi.spreadOver()).isEqualTo("5 groups");
        List<JsonNode> lines = ResultsFile.read(results);
        assertThat(lines).hasSize(5).allSatisfy(l -> assertThat(l.get("extracted").asText()).isEqualTo("4"));
        assertThat(lines).extracting(l -> l.get("correct").asBoolean()).containsExactly(true, true, false, true, false);
        assertThat(progress.toString()).contains("5/5");
        assertThat(PaperTable.format(first)).contains("GSI").contains("60.0 ± ");

        assertThatThrownBy(() -> run(s)).isInstanceOf(IllegalStateException.class).hasMessageContaining("--resume");
        RunSettings resume = settings(problems(), results, server.url(), "--resume");
        long requests = server.counters().requests();
        assertThat(run(resume)).isEqualTo(first);
        assertThat(server.counters().requests() - requests).as("only the start-up checks").isEqualTo(3);

        Files.write(results, Files.readAllLines(results).subList(0, 3));
        assertThat(run(resume).get(0).accuracy()).isEqualTo(0.6);
        assertThat(ResultsFile.read(results)).extracting(l -> l.get("id").asText()).containsExactly("synthetic/0.json",
                "synthetic/1.json", "synthetic/2.json", "synthetic/3.json", "synthetic/4.json");

        assertThatThrownBy(() -> run(settings(problems(), results, server.url(), "--resume", "--beta", "3")))
                .hasMessageContaining("written with other settings");
    }

    @Test
    void failedProblemsAreRecordedAndRetriedOnResume() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Path results = dir.resolve("failing.jsonl");
        List<PaperTable.Row> failed = run(settings(problems(), results, "http://127.0.0.1:" + deadPort));

        assertThat(failed.get(0).errors()).as("every problem failed, and the run went on").isEqualTo(5);
        assertThat(failed.get(0).accuracy()).isZero();
        assertThat(ResultsFile.read(results)).hasSize(5)
                .allSatisfy(l -> assertThat(l.get("error").asText()).contains("127.0.0.1:" + deadPort));

        List<PaperTable.Row> retried = run(settings(problems(), results, server.url(), "--resume"));
        assertThat(retried.get(0).errors()).isZero();
        assertThat(retried.get(0).accuracy()).isEqualTo(0.6);
    }

    /**
     * With a 40-token window beyond the prompt, an uncapped 32-token step after the first would ask the server for more
     * than {@code max_model_len} (vLLM answers 400); capped, every problem finishes. A problem whose prompt alone does
     * not fit fails, and is recorded with its error while the others run.
     */
    @Test
    void stepsFitTheServersMaxModelLenAndAnOversizedPromptIsRecorded() throws Exception {
        int prompt = draft.encodeChat(List.of(SystemMessage.from(PrmPromptRenderer.DEFAULT_SYSTEM_PROMPT),
                UserMessage.from(PROBLEMS[3][0]))).length;
        server.maxModelLen(prompt + 40);
        try {
            Path results = dir.resolve("capped.jsonl");
            List<PaperTable.Row> rows = run(settings(problems("What is 2 + 2? ".repeat(20)), results, server.url(),
                    "--policies", "soft-bon-base"));
            List<JsonNode> lines = ResultsFile.read(results);
            assertThat(lines).hasSize(6);
            assertThat(lines.subList(0, 5)).allSatisfy(l -> assertThat(l.hasNonNull("error")).as(l.toString()).isFalse());
            assertThat(lines.get(5).get("error").asText()).contains("context window");
            assertThat(rows.get(0).errors()).isEqualTo(1);
        } finally {
            server.maxModelLen(base.contextLength());
        }
    }

    @Test
    void severalPoliciesAndSeedsGiveOneRowEachWithTheSpreadOverSeeds() throws Exception {
        List<PaperTable.Row> rows = run(settings(problems(), dir.resolve("seeds.jsonl"), server.url(), "--policies",
                "gsi,soft-bon-draft", "--seeds", "2", "--preset", "paper"));
        assertThat(rows).extracting(PaperTable.Row::policy).containsExactly("GSI", "SOFT_BON_DRAFT");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.seeds()).isEqualTo(2);
            assertThat(r.spreadOver()).isEqualTo("2 seeds");
            assertThat(r.problems()).isEqualTo(5);
        });
        assertThat(ResultsFile.read(dir.resolve("seeds.jsonl"))).hasSize(20);
    }

    @Test
    void runsWithAVllmServedDraftAndTheBaseServersChatTemplate() throws Exception {
        try (JlamaModel served = JlamaModel.load(BIGRAM.folder());
                GpuLikeServer draftServer = new GpuLikeServer(served, "tiny/draft", NO_LATENCY, ProposalDensity.RAW)) {
            RunSettings s = RunSettings.parse("--problems", problems().toString(), "--results",
                    dir.resolve("served.jsonl").toString(), "--draft-url", draftServer.url(), "--draft-model", "tiny/draft",
                    "--base-url", server.url(), "--base-model", "tiny/base", "--prm-url", server.url(), "--n", "4",
                    "--max-steps", "4", "--max-step-tokens", "32", "--preset", "paper");
            List<PaperTable.Row> rows = Math500Runner.run(s, null, null, new PrintStream(new ByteArrayOutputStream()));

            assertThat(rows.get(0).accuracy()).isEqualTo(0.6);
            assertThat(rows.get(0).errors()).isZero();
            assertThat(draftServer.counters().generatedTokens()).as("the served draft sampled the candidates").isPositive();
        }
    }
}
