package io.github.gsi4j.bench.math500;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.jlama.JlamaModelLoader;
import io.github.gsi4j.jlama.ModelDownloader;
import io.github.gsi4j.langchain4j.ChatTemplate;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.tokenizer.TokenizerProbe;
import io.github.gsi4j.vllm.JsonHttpClient;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.RemoteEndpoint;
import io.github.gsi4j.vllm.VllmBaseModel;
import io.github.gsi4j.vllm.VllmDraftModel;
import io.github.gsi4j.vllm.VllmProcessRewardScorer;

/**
 * Runs a decoding policy on MATH500-style problems (JSONL with {@code problem} and {@code answer}) against a
 * vLLM base server and a vLLM PRM server, with a Jlama draft in this JVM (or a vLLM-served draft with
 * {@code --draft-url}; the {@code --draft} model then only provides tokenizer and chat template), and reports accuracy, acceptance
 * rate, seconds per step and base tokens per step. Each finished problem is appended to the results file at
 * once, so an interrupted run continues where it stopped when started again with the same file.
 * <p>
 * Usage (every option has a default except the endpoints and the draft):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... io.github.gsi4j.bench.math500.Math500Runner \
 *   --problems math500.jsonl --draft Qwen/Qwen2.5-Math-1.5B-Instruct \
 *   --base-url http://gpu:8000 --base-model Qwen/Qwen2.5-Math-7B-Instruct \
 *   --prm-url http://gpu:8001 --prm-model Qwen/Qwen2.5-Math-PRM-7B \
 *   --policy gsi --n 16 --beta 20 --threshold 0.5 --results results-gsi.jsonl
 * </pre>
 *
 * The API key for both servers, if any, comes from the environment variable {@code GSI_API_KEY}.
 */
public final class Math500Runner {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SYSTEM = PrmPromptRenderer.DEFAULT_SYSTEM_PROMPT;

    /** The run's settings, from command-line options. */
    record Settings(Path problems, Path results, String draft, Path modelCacheDir, String baseUrl, String baseModel,
            String prmUrl, String prmModel, Policy policy, int n, double beta, double threshold, int maxSteps,
            int maxStepTokens, int limit, long seed, Duration timeout, String draftUrl, String draftModel,
            ProposalDensity draftLogprobs) {

        static Settings parse(String... args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
                }
                o.put(args[i].substring(2), args[++i]);
            }
            Set<String> known = Set.of("problems", "results", "draft", "model-cache-dir", "base-url", "base-model",
                    "prm-url", "prm-model", "policy", "n", "beta", "threshold", "max-steps", "max-step-tokens", "limit",
                    "seed", "timeout-seconds", "draft-url", "draft-model", "draft-logprobs");
            for (String k : o.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
                }
            }
            Settings s = new Settings(Path.of(o.getOrDefault("problems", "math500.jsonl")),
                    Path.of(o.getOrDefault("results", "math500-results.jsonl")), required(o, "draft"),
                    Path.of(o.getOrDefault("model-cache-dir", System.getProperty("user.home") + "/.jlama/models")),
                    required(o, "base-url"), required(o, "base-model"), required(o, "prm-url"),
                    o.getOrDefault("prm-model", "Qwen/Qwen2.5-Math-PRM-7B"),
                    Policy.valueOf(o.getOrDefault("policy", "gsi").toUpperCase(Locale.ROOT).replace('-', '_')),
                    Integer.parseInt(o.getOrDefault("n", "16")), Double.parseDouble(o.getOrDefault("beta", "20")),
                    Double.parseDouble(o.getOrDefault("threshold", "0.5")),
                    Integer.parseInt(o.getOrDefault("max-steps", "32")),
                    Integer.parseInt(o.getOrDefault("max-step-tokens", "512")),
                    Integer.parseInt(o.getOrDefault("limit", "0")), Long.parseLong(o.getOrDefault("seed", "0")),
                    Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout-seconds", "600"))), o.get("draft-url"),
                    o.getOrDefault("draft-model", o.get("draft")), logprobsMode(o.getOrDefault("draft-logprobs", "processed")));
            return s;
        }

        /** vLLM's {@code --logprobs-mode} of the draft server: {@code processed} (exact densities) or {@code raw}. */
        private static ProposalDensity logprobsMode(String mode) {
            return switch (mode) {
                case "processed" -> ProposalDensity.EXACT;
                case "raw" -> ProposalDensity.RAW;
                default -> throw new IllegalArgumentException("--draft-logprobs must be processed or raw, was " + mode);
            };
        }

        private static String required(Map<String, String> o, String name) {
            String v = o.get(name);
            if (v == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return v;
        }

        GsiOptions options() {
            // a raw-logprobs draft server can only report the reference code's RAW densities
            return GsiOptions.builder().policy(policy).n(n).beta(beta).threshold(threshold).maxSteps(maxSteps)
                    .maxStepTokens(maxStepTokens).mathStop(true).timeout(timeout)
                    .proposalDensity(draftUrl != null ? draftLogprobs : ProposalDensity.EXACT).build();
        }
    }

    /** Totals over the results file. */
    record Summary(int problems, int correct, long steps, long draftSteps, long baseTokensGenerated, double seconds) {
        double accuracy() {
            return problems == 0 ? 0 : (double) correct / problems;
        }

        double acceptance() {
            return steps == 0 ? 0 : (double) draftSteps / steps;
        }

        double secondsPerStep() {
            return steps == 0 ? 0 : seconds / steps;
        }

        double baseTokensPerStep() {
            return steps == 0 ? 0 : (double) baseTokensGenerated / steps;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d problems: accuracy %.1f%% (%d correct), acceptance rate %.1f%%, "
                    + "%.2f s per step, %.1f base tokens per step", problems, 100 * accuracy(), correct,
                    100 * acceptance(), secondsPerStep(), baseTokensPerStep());
        }
    }

    public static void main(String[] args) {
        Settings s;
        try {
            s = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Math500Runner: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path folder = JlamaModelLoader.resolve(s.draft(), s.modelCacheDir(), ModelDownloader.JLAMA);
        try (JlamaModel draft = JlamaModel.load(folder)) {
            System.out.println(run(s, draft, System.err));
        }
    }

    /** Runs the problems not yet in the results file, appending each; returns the totals of the whole file. */
    static Summary run(Settings s, JlamaModel draft, PrintStream progress) {
        String apiKey = System.getenv("GSI_API_KEY");
        RemoteEndpoint.Builder endpoint = RemoteEndpoint.builder().apiKey(apiKey).readTimeout(s.timeout());
        VllmBaseModel base = new VllmBaseModel(new JsonHttpClient(endpoint.baseUrl(s.baseUrl()).build()), s.baseModel());
        int[] probe = TokenizerProbe.ids(draft.tokenizer());
        base.verify(draft.folder().toString(), TokenizerProbe.TEXT, probe);
        DraftModel drafter = new JlamaDraftModel(draft, false);
        if (s.draftUrl() != null) {
            VllmDraftModel served = new VllmDraftModel(new JsonHttpClient(endpoint.baseUrl(s.draftUrl()).build()),
                    s.draftModel(), s.draftLogprobs());
            served.verify(probe);
            served.checkDensity(s.options().draftSampling(s.maxStepTokens()));
            drafter = served;
        }
        GuidedSpeculativeChatModel model = GuidedSpeculativeChatModel.builder()
                .draftModel(drafter).chatTemplate(ChatTemplate.of(draft)).baseModel(base)
                .rewardScorer(new VllmProcessRewardScorer(new JsonHttpClient(endpoint.baseUrl(s.prmUrl()).build()),
                        s.prmModel(), PrmPromptRenderer.qwenMathPrm()))
                .options(s.options()).modelName("gsi-" + s.policy().name().toLowerCase(Locale.ROOT)).build();

        List<JsonNode> problems = read(s.problems());
        if (s.limit() > 0 && problems.size() > s.limit()) {
            problems = problems.subList(0, s.limit());
        }
        List<JsonNode> results = new ArrayList<>(read(s.results()));
        Set<String> done = new HashSet<>();
        for (JsonNode r : results) {
            done.add(r.path("id").asText());
        }
        int total = problems.size();
        int skipped = 0;
        for (int i = 0; i < total; i++) {
            JsonNode p = problems.get(i);
            String id = p.hasNonNull("unique_id") ? p.get("unique_id").asText() : "#" + i;
            if (done.contains(id)) {
                skipped++;
                continue;
            }
            long t0 = System.nanoTime();
            ChatResponse response = model.chat(ChatRequest.builder()
                    .messages(SystemMessage.from(SYSTEM), UserMessage.from(p.path("problem").asText()))
                    .parameters(GsiChatRequestParameters.builder().seed(s.seed() + i).build()).build());
            double seconds = (System.nanoTime() - t0) / 1e9;
            GsiStats stats = ((GsiChatResponseMetadata) response.metadata()).stats();
            String text = response.aiMessage().text();
            String extracted = MathAnswers.extract(text).orElse("");
            String reference = p.path("answer").asText();
            ObjectNode line = JSON.createObjectNode().put("id", id).put("reference", reference)
                    .put("extracted", extracted).put("correct", MathAnswers.equivalent(extracted, reference))
                    .put("steps", stats.steps()).put("draft_steps", stats.draftSteps())
                    .put("fallback_steps", stats.fallbackSteps()).put("base_tokens_generated", stats.baseTokensGenerated())
                    .put("seconds", seconds).put("policy", s.policy().name()).put("output", text);
            append(s.results(), line);
            results.add(line);
            progress.print(bar(i + 1, total, summarize(results)));
        }
        if (skipped > 0) {
            progress.printf("%n%d problems were already in %s and were not run again%n", skipped, s.results());
        }
        progress.println();
        return summarize(results);
    }

    static Summary summarize(List<JsonNode> results) {
        int correct = 0;
        long steps = 0;
        long draftSteps = 0;
        long baseTokens = 0;
        double seconds = 0;
        for (JsonNode r : results) {
            correct += r.path("correct").asBoolean() ? 1 : 0;
            steps += r.path("steps").asLong();
            draftSteps += r.path("draft_steps").asLong();
            baseTokens += r.path("base_tokens_generated").asLong();
            seconds += r.path("seconds").asDouble();
        }
        return new Summary(results.size(), correct, steps, draftSteps, baseTokens, seconds);
    }

    /** A one-line progress bar (carriage return, no newline). */
    static String bar(int done, int total, Summary so) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        return String.format(Locale.ROOT, "\r[%s%s] %d/%d  accuracy %.1f%%  acceptance %.1f%%  %.2f s/step", "#".repeat(filled),
                " ".repeat(width - filled), done, total, 100 * so.accuracy(), 100 * so.acceptance(), so.secondsPerStep());
    }

    static List<JsonNode> read(Path jsonl) {
        if (!Files.exists(jsonl)) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl, e);
        }
    }

    private static void append(Path jsonl, JsonNode line) {
        try {
            Files.writeString(jsonl, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jsonl, e);
        }
    }
}
