package io.github.gsi4j.bench.math500;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.jlama.JlamaModelLoader;
import io.github.gsi4j.jlama.ModelDownloader;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;

/**
 * Runs decoding policies on MATH500-style problems against a vLLM base server and a vLLM PRM server, with a Jlama
 * draft in this JVM ({@code --draft}) or a vLLM-served draft ({@code --draft-url}), grades each answer as the
 * PRM800K grader does, and prints the paper's table: accuracy (mean ± std), seconds per step, acceptance rate,
 * base tokens generated per step. Each attempt is appended to the results file at once; a problem that fails is
 * recorded with its error and the run goes on; {@code --resume} continues a results file, retrying its failed
 * problems. Each step's token budget is capped by the servers' context window ({@code max_model_len}).
 * <p>
 * Usage (every option has a default except the endpoints and the draft; see {@link RunSettings} for all of them):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... io.github.gsi4j.bench.math500.Math500Runner \
 *   --problems math500.jsonl --preset paper --policies gsi,rsd,soft-bon-draft,soft-bon-base --seeds 5 \
 *   --draft-url http://gpu:8002 --draft-model Qwen/Qwen2.5-Math-1.5B-Instruct \
 *   --base-url http://gpu:8000 --base-model Qwen/Qwen2.5-Math-7B-Instruct \
 *   --prm-url http://gpu:8001 --prm-model Qwen/Qwen2.5-Math-PRM-7B --results results.jsonl
 * </pre>
 *
 * The API key for the servers, if any, comes from the environment variable {@code GSI_API_KEY}.
 */
public final class Math500Runner {

    private Math500Runner() {
    }

    public static void main(String[] args) {
        RunSettings s;
        try {
            s = RunSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Math500Runner: " + e.getMessage());
            System.exit(2);
            return;
        }
        JlamaModel draft = s.draft() == null ? null
                : JlamaModel.load(JlamaModelLoader.resolve(s.draft(), s.modelCacheDir(), ModelDownloader.JLAMA));
        try {
            System.out.print(PaperTable.format(run(s, draft, System.getenv("GSI_API_KEY"), System.err)));
        } finally {
            if (draft != null) {
                draft.close();
            }
        }
    }

    /**
     * Runs every (policy, seed, problem) attempt not yet done, appending each to the results file; returns the table
     * rows of the whole file.
     *
     * @param draft the Jlama draft (or, with a served draft, the model that renders prompts); null to render them
     *        with the base server's chat template
     * @throws IllegalStateException when the results file has results and {@code --resume} is not given, or they were
     *         written with other settings
     */
    static List<PaperTable.Row> run(RunSettings s, JlamaModel draft, String apiKey, PrintStream progress) {
        ResultsFile results = new ResultsFile(s.results());
        if (!results.isEmpty() && !s.resume()) {
            throw new IllegalStateException(s.results() + " already has results: pass --resume to continue it (its failed "
                    + "problems are retried), or choose another --results file");
        }
        List<Problems> problems = Problems.read(s.problems(), s.problemField(), s.answerField(), s.idField(), s.limit());
        RunnerModels models = RunnerModels.connect(s, draft, apiKey);
        progress.printf("context window %s tokens; %s%n", models.contextLength().isPresent()
                ? models.contextLength().getAsInt()
                : "unknown", s.options());
        for (Policy policy : s.policies()) {
            String fingerprint = s.fingerprint(policy);
            GuidedSpeculativeChatModel model = models.chatModel(s.options(policy), s.prmLayout());
            for (int seed = 0; seed < s.seeds(); seed++) {
                long seedValue = s.seed() + seed;
                int done = 0;
                for (int i = 0; i < problems.size(); i++) {
                    Problems p = problems.get(i);
                    String key = ResultsFile.key(policy.name(), seedValue, p.id());
                    JsonNode previous = results.get(key);
                    if (previous != null && !previous.path("settings").asText().equals(fingerprint)) {
                        throw new IllegalStateException(s.results() + " has results written with other settings ("
                                + previous.path("settings").asText() + "), not " + fingerprint);
                    }
                    if (previous == null || previous.hasNonNull("error")) {
                        results.append(attempt(model, s, p, policy, seedValue, 1_000_003L * seedValue + i, fingerprint));
                    }
                    progress.printf(Locale.ROOT, "\r%-16s seed %d: %d/%d", policy, seedValue, ++done, problems.size());
                }
                progress.println();
            }
        }
        return PaperTable.rows(results.lines());
    }

    /** One problem: the answer graded, or the error that stopped it. */
    private static ObjectNode attempt(GuidedSpeculativeChatModel model, RunSettings s, Problems p, Policy policy,
            long seed, long requestSeed, String fingerprint) {
        ObjectNode line = ResultsFile.JSON.createObjectNode().put("policy", policy.name()).put("seed", seed)
                .put("id", p.id()).put("reference", p.answer()).put("settings", fingerprint);
        long t0 = System.nanoTime();
        ChatResponse response;
        try {
            response = model.chat(ChatRequest.builder()
                    .messages(SystemMessage.from(s.systemPrompt()), UserMessage.from(p.problem()))
                    .parameters(GsiChatRequestParameters.builder().seed(requestSeed).build()).build());
        } catch (RuntimeException e) {
            return line.put("correct", false).put("seconds", (System.nanoTime() - t0) / 1e9)
                    .put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) response.metadata();
        GsiStats stats = meta.stats();
        String text = response.aiMessage().text();
        String extracted = MathAnswers.extract(text).orElse("");
        return line.put("extracted", extracted).put("correct", MathAnswers.equivalent(extracted, p.answer()))
                .put("finish", meta.gsiFinishReason().name()).put("steps", stats.steps())
                .put("draft_steps", stats.draftSteps()).put("fallback_steps", stats.fallbackSteps())
                .put("base_tokens_generated", stats.baseTokensGenerated()).put("seconds", seconds).put("output", text);
    }

    /** The smaller of two optional context windows. */
    static OptionalInt min(OptionalInt a, OptionalInt b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalInt.of(Math.min(a.getAsInt(), b.getAsInt()));
    }
}
