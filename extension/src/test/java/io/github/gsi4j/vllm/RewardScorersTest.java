package io.github.gsi4j.vllm;

import static io.github.gsi4j.testing.StubServer.resource;
import static io.github.gsi4j.testing.StubServer.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardNormalizer;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.reward.ScoringModelRewardScorer;
import io.github.gsi4j.sglang.SglangBaseModel;
import io.github.gsi4j.testing.StubServer;

class RewardScorersTest {

    static final RewardContext CONTEXT = new RewardContext("What is 2 + 2?", List.of("First, add the numbers.\n\n"),
            new int[] { 1 });
    static final List<StepCandidate> CANDIDATES = List.of(new StepCandidate(new int[] { 5 }, "So 2 + 2 = 4.\n\n", -1, false),
            new StepCandidate(new int[] { 6 }, "So 2 + 2 = 5.\n\n", -1, false));

    final StubServer server = new StubServer();

    @AfterEach
    void stop() {
        server.close();
    }

    JsonHttpClient http() {
        return new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).build());
    }

    @Test
    void processRewardIsThePositiveProbabilityOfTheLastStepMarker() throws Exception {
        server.script("/pooling", json(resource("vllm/pooling-prm.json")));
        double[] r = new VllmProcessRewardScorer(http(), "Qwen/Qwen2.5-Math-PRM-7B", PrmPromptRenderer.qwenMathPrm())
                .score(CONTEXT, CANDIDATES);

        assertThat(r).containsExactly(0.75, 0.03125);
        String expectedFirst = "<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}."
                + "<|im_end|>\n<|im_start|>user\nWhat is 2 + 2?<|im_end|>\n<|im_start|>assistant\n"
                + "First, add the numbers.<extra_0>So 2 + 2 = 4.<extra_0><|im_end|>\n";
        var sent = server.requests("/pooling").get(0).json();
        assertThat(sent.get("model").asText()).isEqualTo("Qwen/Qwen2.5-Math-PRM-7B");
        assertThat(sent.get("input").get(0).asText()).isEqualTo(expectedFirst);
        assertThat(sent.get("input").get(1).asText()).isEqualTo(expectedFirst.replace("= 4.", "= 5."));
    }

    /**
     * The GSI reference code's PRM input (reward_hub: {@code "<extra_0>".join(response.split("\\n\\n")) + "<extra_0>"}
     * on the whole response): expected strings computed with Python's {@code str.split} and {@code str.join}.
     */
    @Test
    void referenceSplitLayoutRendersTheAssistantTurnAsTheReferenceCode() throws Exception {
        server.script("/pooling", json(resource("vllm/pooling-prm.json")));
        PrmPromptRenderer reference = PrmPromptRenderer.qwenMathPrm().withLayout(PrmPromptRenderer.StepLayout.REFERENCE_SPLIT);
        double[] r = new VllmProcessRewardScorer(http(), "Qwen/Qwen2.5-Math-PRM-7B", reference).score(CONTEXT, CANDIDATES);

        assertThat(r).containsExactly(0.75, 0.03125);
        String head = "<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}."
                + "<|im_end|>\n<|im_start|>user\nWhat is 2 + 2?<|im_end|>\n<|im_start|>assistant\n";
        assertThat(server.requests("/pooling").get(0).json().get("input").get(0).asText()).as("the last marker scores ''")
                .isEqualTo(head + "First, add the numbers.<extra_0>So 2 + 2 = 4.<extra_0><extra_0><|im_end|>\n");
        assertThat(reference.render("q", List.of("Look:\n\n\nso x = 1.\n\n")))
                .endsWith("assistant\nLook:<extra_0>\nso x = 1.<extra_0><extra_0><|im_end|>\n");
        assertThat(reference.render("q", List.of("So \\boxed{4}."))).endsWith("assistant\nSo \\boxed{4}.<extra_0><|im_end|>\n");
        assertThat(PrmPromptRenderer.qwenMathPrm().render("q", List.of("Look:\n\n\nso x = 1.\n\n")))
                .as("the default layout is unchanged").endsWith("assistant\nLook:\n\n\nso x = 1.<extra_0><|im_end|>\n");
    }

    @Test
    void processRewardAnswersOfTheWrongShapeAreRejected() {
        server.script("/pooling",
                json("{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.2, 0.7]]}, {\"index\": 1, \"data\": []}]}"));
        assertThatThrownBy(() -> new VllmProcessRewardScorer(http(), "prm", PrmPromptRenderer.qwenMathPrm())
                .score(CONTEXT, CANDIDATES))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining(server.url() + "/pooling")
                .hasMessageContaining("expected [[p_wrong, p_right], ...]");
        server.script("/pooling", json("{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9]]}]}"));
        assertThatThrownBy(() -> new VllmProcessRewardScorer(http(), "prm", PrmPromptRenderer.qwenMathPrm())
                .score(CONTEXT, CANDIDATES))
                .isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("answered 1 items, expected 2");
    }

    @Test
    void classifyRewardIsThePositiveClassProbability() {
        server.script("/classify", json(resource("vllm/classify.json")));
        double[] r = new VllmClassifyRewardScorer(http(), "acme/outcome-reward-1.5b", 1).score(CONTEXT, CANDIDATES);
        assertThat(r).containsExactly(0.625, 0.125);
        assertThat(server.requests("/classify").get(0).json().get("input").get(0).asText())
                .isEqualTo("What is 2 + 2?\n\nFirst, add the numbers.\n\nSo 2 + 2 = 4.\n\n");
    }

    @Test
    void anyLangChain4jScoringModelScoresAllCandidatesInOneCall() {
        List<String> seen = new ArrayList<>();
        ScoringModel crossEncoder = new ScoringModel() {
            @Override
            public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
                seen.add(query);
                segments.forEach(s -> seen.add(s.text()));
                return Response.from(List.of(2.0, -1.0));
            }
        };
        double[] r = new ScoringModelRewardScorer(crossEncoder, RewardNormalizer.SIGMOID).score(CONTEXT, CANDIDATES);
        assertThat(r[0]).isCloseTo(1 / (1 + Math.exp(-2.0)), within(1e-12));
        assertThat(r[1]).isCloseTo(1 / (1 + Math.exp(1.0)), within(1e-12));
        assertThat(seen).containsExactly("What is 2 + 2?", "First, add the numbers.\n\nSo 2 + 2 = 4.\n\n",
                "First, add the numbers.\n\nSo 2 + 2 = 5.\n\n");

        ScoringModel wrongCount = new ScoringModel() {
            @Override
            public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
                return Response.from(List.of(0.5));
            }
        };
        assertThatThrownBy(() -> new ScoringModelRewardScorer(wrongCount, RewardNormalizer.NONE).score(CONTEXT, CANDIDATES))
                .isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("returned 1 scores, expected 2");
    }

    @Test
    void sglangScoresWithInputLogprobsAndChecksTheTokenIds() throws Exception {
        server.script("/generate", json(resource("sglang/generate-scoring.json")));
        SglangBaseModel sglang = new SglangBaseModel(http());
        double[] lp = sglang.logProbs(new int[] { 1, 2, 3 }, List.of(new StepCandidate(new int[] { 10, 11 }, "a", -1, false),
                new StepCandidate(new int[] { 12 }, "b", -1, false)));
        assertThat(lp).containsExactly(-0.75, -3.0);
        assertThat(server.requests("/generate").get(0).json()).isEqualTo(new ObjectMapper().readTree("""
                {"input_ids": [[1, 2, 3, 10, 11], [1, 2, 3, 12]],
                 "sampling_params": {"max_new_tokens": 0, "temperature": 1.0},
                 "return_logprob": true, "logprob_start_len": 2}"""));

        assertThatThrownBy(() -> sglang.logProbs(new int[] { 1, 2, 3 }, List.of(
                new StepCandidate(new int[] { 10, 99 }, "a", -1, false), new StepCandidate(new int[] { 12 }, "b", -1, false))))
                .isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("expected [logprob, 99, ...]");
    }

    @Test
    void sglangChecksAtStartUpThatTheServerSharesTheDraftsTokenizer() throws Exception {
        server.script("/v1/tokenize", json("{\"tokens\": [7, 8, 9], \"count\": 3, \"max_model_len\": 4096}"));
        SglangBaseModel sglang = new SglangBaseModel(http());

        sglang.verify("tiny-draft", "12 + 34 = 46.", new int[] { 7, 8, 9 });
        assertThat(server.requests("/v1/tokenize").get(0).json()).isEqualTo(new ObjectMapper().readTree("""
                {"prompt": "12 + 34 = 46.", "add_special_tokens": false}"""));

        assertThatThrownBy(() -> sglang.verify("tiny-draft", "12 + 34 = 46.", new int[] { 7, 8, 10 }))
                .isInstanceOf(io.github.gsi4j.core.GsiTokenizerMismatchException.class)
                .hasMessageContaining("tiny-draft").hasMessageContaining("do not share a tokenizer")
                .hasMessageContaining("[7, 8, 10] and [7, 8, 9]");
    }

    @Test
    void sglangSamplesWithOneSeedPerSampleAndDetectsEndOfSequence() throws Exception {
        server.script("/generate", json(resource("sglang/generate-sampling.json")));
        List<StepCandidate> steps = new SglangBaseModel(http()).sampleSteps(new int[] { 1, 2, 3 }, 2,
                new io.github.gsi4j.core.SamplingParams(0.7, 1, 0, 64, "\n\n", io.github.gsi4j.core.ProposalDensity.EXACT), 7);
        assertThat(steps.get(0).tokens()).containsExactly(20, 21, 22, 23);
        assertThat(steps.get(0).endsSequence()).isFalse();
        assertThat(steps.get(1).endsSequence()).isTrue();
        var sent = server.requests("/generate").get(0).json();
        assertThat(sent.get("input_ids")).hasSize(2);
        assertThat(sent.get("sampling_params").get(0).get("sampling_seed").asLong()).isEqualTo(7);
        assertThat(sent.get("sampling_params").get(1).get("sampling_seed").asLong()).isEqualTo(8);
        assertThat(sent.get("sampling_params").get(0).get("stop").get(0).asText()).isEqualTo("\n\n");
        assertThat(sent.get("sampling_params").get(0).get("no_stop_trim").asBoolean()).isTrue();
    }
}
