package io.github.gsi4j.vllm;

import static io.github.gsi4j.testing.StubServer.resource;
import static io.github.gsi4j.testing.StubServer.Answer.json;
import static io.github.gsi4j.testing.StubServer.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.testing.StubServer;

class VllmBaseModelTest {

    static final String MODEL = "Qwen/Qwen2.5-Math-7B-Instruct";
    static final int[] PREFIX = { 1, 2, 3 };
    static final List<StepCandidate> CANDIDATES = List.of(step(10, 11), step(12), step(13, 14, 15));
    static final ObjectMapper JSON = new ObjectMapper();

    final StubServer server = new StubServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static StepCandidate step(int... tokens) {
        return new StepCandidate(tokens, "t", -1, false);
    }

    VllmBaseModel model() {
        return new VllmBaseModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url())
                .initialBackoff(Duration.ofMillis(5)).maxRetries(2).build()), MODEL);
    }

    static JsonNode tree(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void scoresAllCandidatesInOneEchoRequestAndSumsEachTailMatchingChoicesByIndex() throws Exception {
        server.script("/v1/completions", json(resource("vllm/completions-echo-scoring.json")));
        double[] lp = model().logProbs(PREFIX, CANDIDATES);

        assertThat(server.requests("/v1/completions")).hasSize(1);
        assertThat(server.requests("/v1/completions").get(0).json()).isEqualTo(tree("""
                {"model": "Qwen/Qwen2.5-Math-7B-Instruct",
                 "prompt": [[1, 2, 3, 10, 11], [1, 2, 3, 12], [1, 2, 3, 13, 14, 15]],
                 "max_tokens": 0, "temperature": 1.0, "echo": true, "logprobs": 1}"""));
        assertThat(lp).containsExactly(new double[] { -2.125, -9999.0, -2.25 }, within(1e-12));
    }

    @Test
    void promptLogprobsAreReadByTokenIdNotByRank() {
        server.script("/v1/completions", json(resource("vllm/completions-prompt-logprobs.json")));
        double[] lp = model().logProbs(PREFIX, List.of(step(10, 11)));
        assertThat(lp[0]).isEqualTo(-0.625);
    }

    @Test
    void aServerRejectingZeroMaxTokensIsAskedForOneTokenFromThenOn() throws Exception {
        server.handle("/v1/completions", r -> r.json().get("max_tokens").asInt() == 0
                ? status(400, resource("vllm/error-400.json"))
                : json(resource("vllm/completions-echo-scoring.json")));
        VllmBaseModel model = model();
        assertThat(model.logProbs(PREFIX, CANDIDATES)).containsExactly(-2.125, -9999.0, -2.25);
        assertThat(model.logProbs(PREFIX, CANDIDATES)).containsExactly(-2.125, -9999.0, -2.25);
        assertThat(server.requests("/v1/completions")).extracting(r -> r.json().get("max_tokens").asInt())
                .containsExactly(0, 1, 1);
    }

    @Test
    void samplesFallbackStepsInOneRequestWithStopSeedAndTokenIds() throws Exception {
        server.script("/v1/completions", json(resource("vllm/completions-sampling.json")));
        SamplingParams params = new SamplingParams(0.7, 0.95, 20, 512, "\n\n", ProposalDensity.EXACT);
        List<StepCandidate> steps = model().sampleSteps(PREFIX, 2, params, 42);

        assertThat(server.requests("/v1/completions").get(0).json()).isEqualTo(tree("""
                {"model": "Qwen/Qwen2.5-Math-7B-Instruct", "prompt": [1, 2, 3], "n": 2, "max_tokens": 512,
                 "temperature": 0.7, "top_p": 0.95, "top_k": 20, "stop": ["\\n\\n"],
                 "include_stop_str_in_output": true, "seed": 42, "return_token_ids": true, "repetition_penalty": 1.0}"""));
        assertThat(steps.get(0).tokens()).containsExactly(20, 21, 22, 23);
        assertThat(steps.get(0).text()).isEqualTo(" The answer is 4.\n\n");
        assertThat(steps.get(0).endsSequence()).isFalse();
        assertThat(steps.get(1).tokens()).containsExactly(24, 25, 151645);
        assertThat(steps.get(1).endsSequence()).isTrue();
    }

    @Test
    void withoutTokenIdsTheSampledTextIsTokenizedByTheServer() throws Exception {
        server.script("/v1/completions", json(resource("vllm/completions-sampling-no-token-ids.json")));
        server.script("/tokenize", json(resource("vllm/tokenize.json")));
        List<StepCandidate> steps = model().sampleSteps(PREFIX, 2,
                new SamplingParams(0.7, 1, 0, 64, "\n\n", ProposalDensity.EXACT), 1);
        assertThat(steps.get(0).tokens()).containsExactly(20, 21, 22, 23);
        JsonNode sent = server.requests("/v1/completions").get(0).json();
        assertThat(sent.get("top_p").asDouble()).as("sent, so that generation_config.json defaults do not apply")
                .isEqualTo(1.0);
        assertThat(sent.get("top_k").asInt()).isEqualTo(-1);
        assertThat(sent.get("repetition_penalty").asDouble()).isEqualTo(1.0);
        assertThat(server.requests("/tokenize")).hasSize(2);
        assertThat(server.requests("/tokenize").get(0).json()).isEqualTo(
                tree("""
                        {"model": "Qwen/Qwen2.5-Math-7B-Instruct", "prompt": " The answer is 4.\\n\\n", "add_special_tokens": false}"""));
    }

    @Test
    void startUpCheckFindsTheModelAndComparesTokenizers() {
        server.script("/v1/models", json(resource("vllm/models.json")));
        server.script("/tokenize", json(resource("vllm/tokenize.json")));
        model().verify("draft-folder", "probe", new int[] { 20, 21, 22, 23 });

        assertThatThrownBy(() -> model().verify("draft-folder", "probe", new int[] { 20, 21, 22, 99 }))
                .isInstanceOf(GsiTokenizerMismatchException.class).hasMessageContaining("draft-folder")
                .hasMessageContaining(MODEL);
        VllmBaseModel other = new VllmBaseModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).build()),
                "other/model");
        assertThatThrownBy(() -> other.verify("d", "probe", new int[] { 20 }))
                .isInstanceOf(GsiException.class).hasMessageContaining("not 'other/model'").hasMessageContaining(MODEL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong choice count | {\"choices\": [{\"index\": 0, \"logprobs\": {\"token_logprobs\": [null, -1, -1, -1, -1]}}]} | answered 1 choices, expected 3",
            "duplicate index | {\"choices\": [{\"index\": 0}, {\"index\": 0}, {\"index\": 1}]} | index 0",
            "missing logprobs | {\"choices\": [{\"index\": 0}, {\"index\": 1}, {\"index\": 2}]} | no logprobs.token_logprobs",
            "too few values | {\"choices\": [{\"index\": 0, \"logprobs\": {\"token_logprobs\": [null, -1]}}, {\"index\": 1, \"logprobs\": {\"token_logprobs\": [null, -1, -1, -1]}}, {\"index\": 2, \"logprobs\": {\"token_logprobs\": [null, -1, -1, -1, -1, -1]}}]} | 2 token log-probabilities for a prompt of 5",
            "null value | {\"choices\": [{\"index\": 0, \"logprobs\": {\"token_logprobs\": [null, -1, -1, null, -1]}}, {\"index\": 1, \"logprobs\": {\"token_logprobs\": [null, -1, -1, -1]}}, {\"index\": 2, \"logprobs\": {\"token_logprobs\": [null, -1, -1, -1, -1, -1]}}]} | at prompt position 3 (logprobs.token_logprobs) has no log-probability",
            "NaN value | {\"choices\": [{\"index\": 0, \"logprobs\": {\"token_logprobs\": [null, -1, -1, NaN, -1]}}, {\"index\": 1, \"logprobs\": {\"token_logprobs\": [null, -1, -1, -1]}}, {\"index\": 2, \"logprobs\": {\"token_logprobs\": [null, -1, -1, -1, -1, -1]}}]} | at prompt position 3 (logprobs.token_logprobs) has log-probability NaN",
            "non-numeric value | {\"choices\": [{\"index\": 0, \"logprobs\": {\"token_logprobs\": [null, -1, -1, \"x\", -1]}}]} | not the expected JSON",
            "truncated JSON | {\"choices\": [{\"index\": 0, \"logpro | not the expected JSON" })
    void malformedAnswersAreRejectedNamingTheEndpoint(String caseName, String body, String message) {
        server.script("/v1/completions", json(body));
        assertThatThrownBy(() -> model().logProbs(PREFIX, CANDIDATES))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining(server.url() + "/v1/completions")
                .hasMessageContaining(message);
    }

    @Test
    void clientErrorsAreSurfacedWithTheServersMessageAndNotRetried() {
        server.script("/v1/completions", status(404, resource("vllm/error-openai.json")));
        assertThatThrownBy(() -> model().sampleSteps(PREFIX, 2,
                new SamplingParams(0.7, 1, 0, 64, "\n\n", ProposalDensity.EXACT), 1))
                .isInstanceOf(GsiRemoteException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("The model `gpt-x` does not exist.")
                .satisfies(e -> assertThat(((GsiRemoteException) e).isClientError()).isTrue());
        assertThat(server.requests("/v1/completions")).hasSize(1);
    }
}
