package io.github.gsi4j.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.GsiContextLengthException;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.VllmBaseModel;
import io.github.gsi4j.vllm.VllmDraftModel;
import io.github.gsi4j.vllm.VllmProcessRewardScorer;
import io.github.gsi4j.vllm.VllmTokenizer;
import io.github.gsi4j.vllm.api.CompletionRequest;
import io.github.gsi4j.vllm.api.CompletionResponse;
import io.github.gsi4j.vllm.api.ErrorResponse;
import io.github.gsi4j.vllm.api.TokenizeChatRequest;

/**
 * The GPU-like server's wire format, checked by the extension's own vLLM clients over loopback: every answer must
 * be what the served Jlama model computes in process (scores, seeded samples, raw and processed log-probabilities,
 * tokens), the stand-in PRM's reward of the last step, vLLM's context-window refusal, and replayed answers.
 */
class GpuLikeServerTest {

    static final String QUESTION = "What is 2 + 2?";
    static final String ANSWER = " So the answer is \\boxed{4}.\n\n";
    /** Successors 5 logits ahead: samples often stray, so seeds and densities matter. */
    static final Bigram BIGRAM = Bigram.answering(QUESTION, ANSWER, 5);
    static final GpuLatencyModel NO_LATENCY = new GpuLatencyModel(Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO,
            true);

    static JlamaModel served;
    static JlamaModel reference;
    static GpuLikeServer raw;
    static GpuLikeServer exact;
    static VllmBaseModel base;

    @BeforeAll
    static void start() {
        served = JlamaModel.load(BIGRAM.folder());
        reference = JlamaModel.load(BIGRAM.folder());
        raw = new GpuLikeServer(served, "tiny/base", NO_LATENCY);
        exact = new GpuLikeServer(served, "tiny/draft", NO_LATENCY, ProposalDensity.EXACT);
        base = new VllmBaseModel(client(raw), "tiny/base");
    }

    @AfterAll
    static void stop() {
        raw.close();
        exact.close();
        served.close();
        reference.close();
    }

    static JsonHttpClient client(GpuLikeServer server) {
        return new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).maxRetries(0).build());
    }

    static StepCandidate candidate(String text) {
        return new StepCandidate(reference.encode(text), text, Double.NaN, false);
    }

    @Test
    void scoresAreTheModelsLogProbabilitiesAndPrefillCountsTheSharedPrefixOnce() {
        base.verify("reference", "12 * 13 = 156", reference.encode("12 * 13 = 156"));
        int[] prefix = BIGRAM.prompt();
        List<StepCandidate> candidates = List.of(candidate(" So the answer"), candidate(" So 4."), candidate(" 5"));
        GpuLikeServer.Counters before = raw.counters();

        double[] scores = base.logProbs(prefix, candidates);

        double[] expected = new JlamaBaseModel(reference, false).logProbs(prefix, candidates);
        assertThat(scores).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(scores[k]).as("candidate %d", k).isCloseTo(expected[k], within(1e-9));
        }
        assertThat(scores[0]).as("the trained answer scores higher").isGreaterThan(scores[2]);
        List<int[]> prompts = candidates.stream().map(c -> concat(prefix, c.tokens())).toList();
        int shared = prompts.stream().mapToInt(p -> Arrays.mismatch(prompts.get(0), p))
                .map(c -> c < 0 ? prompts.get(0).length : c).min().orElseThrow();
        assertThat(shared).as("the candidates differ after the prefix").isGreaterThanOrEqualTo(prefix.length);
        long full = prompts.get(0).length;
        long tail = prompts.get(1).length + prompts.get(2).length - 2L * shared;
        assertThat(raw.counters().minus(before).prefillTokens()).isEqualTo(full + tail);
        CompletionResponse.Choice echoed = client(raw).post("/v1/completions", new CompletionRequest("tiny/base",
                prompts.get(2), null, 0, null, null, null, true, 1, null, null, null, null, null), CompletionResponse.class)
                .choices().get(0);
        assertThat(echoed.promptLogprobs()).as("prompt_logprobs: one per prompt token, the first null")
                .hasSize(prompts.get(2).length).first().isNull();
        assertThat(echoed.logprobs().tokenLogprobs()).hasSize(prompts.get(2).length).first().isNull();
        for (int t = 1; t < prompts.get(2).length; t++) {
            assertThat(echoed.promptLogprobs().get(t).get(String.valueOf(prompts.get(2)[t])).logprob())
                    .isEqualTo(echoed.logprobs().tokenLogprobs().get(t));
        }
        assertThatThrownBy(() -> new VllmBaseModel(client(raw), "other").verify("d", "x", reference.encode("x")))
                .isInstanceOf(GsiException.class).hasMessageContaining("[tiny/base]");
    }

    @Test
    void samplesAreTheModelsSeededSamplesUpToTheStopString() {
        SamplingParams params = new SamplingParams(1, 1, 0, 24, "\n\n", ProposalDensity.EXACT);
        JlamaBaseModel inProcess = new JlamaBaseModel(reference, false);
        int[] answered = concat(BIGRAM.prompt(), reference.encode(ANSWER));
        for (int[] prefix : List.of(BIGRAM.prompt(), answered)) {
            GpuLikeServer.Counters before = raw.counters();
            List<StepCandidate> samples = base.sampleSteps(prefix, 6, params, 11);
            List<StepCandidate> expected = inProcess.sampleSteps(prefix, 6, params, 11);

            assertThat(samples).hasSize(6);
            for (int i = 0; i < 6; i++) {
                assertThat(samples.get(i).tokens()).as("sample %d", i).containsExactly(expected.get(i).tokens());
                assertThat(samples.get(i).text()).isEqualTo(expected.get(i).text());
                assertThat(samples.get(i).endsSequence()).isEqualTo(expected.get(i).endsSequence());
            }
            GpuLikeServer.Counters work = raw.counters().minus(before);
            assertThat(work.generatedTokens()).isEqualTo(expected.stream().mapToInt(StepCandidate::size).sum());
            assertThat(work.decodeSteps()).isEqualTo(expected.stream().mapToInt(StepCandidate::size).max().orElseThrow());
            assertThat(work.prefillTokens()).isEqualTo(prefix.length);
        }
        List<StepCandidate> first = base.sampleSteps(BIGRAM.prompt(), 6, params, 11);
        assertThat(first).as("some samples stop at the delimiter").anySatisfy(s -> {
            assertThat(s.text()).endsWith("\n\n");
            assertThat(s.endsSequence()).isFalse();
        });
        assertThat(base.sampleSteps(answered, 6, params, 11)).as("after the answer, the sequence ends")
                .anySatisfy(s -> assertThat(s.endsSequence()).isTrue());
        assertThat(base.sampleSteps(BIGRAM.prompt(), 6, params, 12)).as("another seed, other samples")
                .extracting(StepCandidate::text).isNotEqualTo(first.stream().map(StepCandidate::text).toList());
    }

    @Test
    void aServedDraftGetsRawOrProcessedLogProbabilitiesAsTheServerReportsThem() {
        int[] prompt = BIGRAM.prompt();
        SamplingParams hot = new SamplingParams(0.7, 1, 5, 8, "\n\n", ProposalDensity.EXACT);
        VllmDraftModel processed = new VllmDraftModel(client(exact), "tiny/draft", ProposalDensity.EXACT);
        processed.verify(prompt);
        List<StepCandidate> steps = processed.sampleSteps(prompt, 4, hot, new SplittableRandom(3));
        for (StepCandidate s : steps) {
            double sum = Arrays.stream(reference.tokenLogProbs(prompt, List.of(s.tokens()), hot).get(0)).sum();
            assertThat(s.logProb()).isCloseTo(sum, within(1e-9));
        }

        SamplingParams rawHot = new SamplingParams(0.7, 1, 5, 8, "\n\n", ProposalDensity.RAW);
        VllmDraftModel unprocessed = new VllmDraftModel(client(raw), "tiny/base", ProposalDensity.RAW);
        unprocessed.verify(prompt);
        for (StepCandidate s : unprocessed.sampleSteps(prompt, 4, rawHot, new SplittableRandom(3))) {
            double sum = Arrays.stream(reference.tokenLogProbs(prompt, List.of(s.tokens())).get(0)).sum();
            assertThat(s.logProb()).isCloseTo(sum, within(1e-9));
        }
        assertThatThrownBy(() -> new VllmDraftModel(client(raw), "tiny/base", ProposalDensity.EXACT).verify(prompt))
                .isInstanceOf(GsiException.class).hasMessageContaining("reports raw");
    }

    @Test
    void thePrmsRewardIsTheStandInsRewardOfTheLastStep() {
        PrmPromptRenderer renderer = PrmPromptRenderer.qwenMathPrm();
        VllmProcessRewardScorer prm = new VllmProcessRewardScorer(client(raw), "prm", renderer);
        RewardContext context = new RewardContext(QUESTION, List.of("2 + 2 is 4."), BIGRAM.prompt());
        List<StepCandidate> candidates = List.of(candidate("So the answer is 4."), candidate("So the answer is 5."));

        double[] rewards = prm.score(context, candidates);

        for (int k = 0; k < 2; k++) {
            String rendered = renderer.render(QUESTION, List.of("2 + 2 is 4.", candidates.get(k).text()));
            assertThat(rendered.split(StandInPrm.STEP_MARKER, -1)).as("two step markers").hasSize(3);
            assertThat(rewards[k]).isEqualTo(StandInPrm.reward(rendered, 1)).isBetween(0.0, 1.0);
            assertThat(rewards[k]).isNotEqualTo(StandInPrm.reward(rendered, 0));
        }
        assertThat(rewards[0]).isNotEqualTo(rewards[1]);
        assertThat(prm.score(context, candidates)).containsExactly(rewards);
    }

    @Test
    void tokenizesLikeTheModelAndRefusesWhatExceedsTheContextWindowAsVllmDoes() {
        VllmTokenizer tokenizer = new VllmTokenizer(client(raw), "tiny/base");
        assertThat(tokenizer.encode("12 * 13 = 156.")).containsExactly(reference.encode("12 * 13 = 156."));
        assertThat(tokenizer.encodeChat(List.of(new TokenizeChatRequest.Message("system", "Be brief."),
                new TokenizeChatRequest.Message("user", QUESTION)))).containsExactly(
                        reference.encodeChat(List.of(SystemMessage.from("Be brief."), UserMessage.from(QUESTION))));
        assertThat(tokenizer.maxModelLen()).hasValue(reference.contextLength());

        int[] prompt = BIGRAM.prompt();
        raw.maxModelLen(prompt.length + 4);
        try {
            assertThat(tokenizer.maxModelLen()).hasValue(prompt.length + 4);
            assertThat(base.logProbs(prompt, List.of(candidate(" So")))).hasSize(1);
            assertThatThrownBy(() -> base.logProbs(prompt, List.of(candidate(" So the answer is"))))
                    .isInstanceOf(GsiContextLengthException.class).hasMessageContaining("maximum context length is "
                            + (prompt.length + 4));
            SamplingParams params = new SamplingParams(1, 1, 0, 5, "\n\n", ProposalDensity.EXACT);
            assertThatThrownBy(() -> base.sampleSteps(prompt, 2, params, 1))
                    .isInstanceOf(GsiContextLengthException.class);
        } finally {
            raw.maxModelLen(reference.contextLength());
        }
    }

    @Test
    void replayAnswersIdenticalRequestsAgainWithoutComputingThem() {
        SamplingParams params = new SamplingParams(1, 1, 0, 16, "\n\n", ProposalDensity.EXACT);
        raw.replayAnswers(true);
        try {
            long replayed = raw.replayed();
            GpuLikeServer.Counters before = raw.counters();
            List<StepCandidate> first = base.sampleSteps(BIGRAM.prompt(), 4, params, 5);
            GpuLikeServer.Counters once = raw.counters().minus(before);
            List<StepCandidate> again = base.sampleSteps(BIGRAM.prompt(), 4, params, 5);
            GpuLikeServer.Counters twice = raw.counters().minus(before);

            assertThat(again).extracting(StepCandidate::text).isEqualTo(first.stream().map(StepCandidate::text).toList());
            assertThat(raw.replayed() - replayed).isEqualTo(1);
            assertThat(twice.requests()).isEqualTo(2 * once.requests());
            assertThat(twice.generatedTokens()).as("not computed again").isEqualTo(once.generatedTokens()).isPositive();
        } finally {
            raw.replayAnswers(false);
        }
        GpuLikeServer.Counters before = raw.counters();
        base.sampleSteps(BIGRAM.prompt(), 4, params, 5);
        assertThat(raw.counters().minus(before).generatedTokens()).as("computed once replay is off").isPositive();
    }

    @Test
    void badRequestsAndUnknownPathsGetVllmsErrorAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String[] c : new String[][] { { "/nowhere", "{}", "404", "no route /nowhere" },
                { "/v1/completions", "{not json", "400", "invalid request" },
                { "/v1/completions", "{\"prompt\":\"text\"}", "400", "prompt must be token ids" },
                { "/v1/completions", "{\"prompt\":[1,2],\"repetition_penalty\":1.1}", "400", "repetition penalty" } }) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(raw.url() + c[0]))
                    .POST(HttpRequest.BodyPublishers.ofString(c[1])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(Integer.parseInt(c[2]));
            ErrorResponse error = GpuLikeServer.JSON.readValue(r.body(), ErrorResponse.class);
            assertThat(error.object()).isEqualTo("error");
            assertThat(error.code()).isEqualTo(r.statusCode());
            assertThat(error.message()).contains(c[3]);
        }
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
