package io.github.gsi4j.vllm;

import static io.github.gsi4j.testing.StubServer.resource;
import static io.github.gsi4j.testing.StubServer.Answer.json;
import static io.github.gsi4j.testing.StubServer.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.gsi4j.core.GsiContextLengthException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.testing.StubServer;

/**
 * One impossible value per token fails an answer, however plausible its sum, for every kind of answer GSI reads
 * (base scoring, base sampling, the served draft, the PRM); the answer is asked for again like a 5xx answer, so
 * a server that garbles one answer in ten still gives the right numbers.
 */
class ImpossibleAnswersTest {

    static final String MODEL = "Qwen/Qwen2.5-Math-7B-Instruct";
    static final int[] PREFIX = { 1, 2, 3 };
    static final List<StepCandidate> CANDIDATES = List.of(step(10, 11), step(12), step(13, 14, 15));
    static final double[] GOOD_SCORES = { -2.125, -9999.0, -2.25 };
    static final SamplingParams SAMPLING = new SamplingParams(0.7, 1, 0, 64, "\n\n", ProposalDensity.EXACT);

    final StubServer server = new StubServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static StepCandidate step(int... tokens) {
        return new StepCandidate(tokens, "t", -1, false);
    }

    JsonHttpClient http(int maxRetries) {
        return new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).name("base model '" + MODEL + "'")
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).maxRetries(maxRetries).build());
    }

    VllmBaseModel base(int maxRetries) {
        return new VllmBaseModel(http(maxRetries), MODEL, 151_936);
    }

    /** The echo-scoring fixture with one token's value of choice 0 (candidate [10, 11]) replaced. */
    static String scoringWith(String badValue) {
        return resource("vllm/completions-echo-scoring.json")
                .replace("\"token_logprobs\": [null, -1.5, -0.25, -2.0, -0.125]",
                        "\"token_logprobs\": [null, -1.5, -0.25, " + badValue + ", -0.125]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "a positive log-probability whose sum stays negative, 0.25", "NaN, NaN", "+Infinity, Infinity",
            "-Infinity, -Infinity" })
    void oneImpossibleTokenValueIsRejectedAndAskedForAgain(String caseName, String value) {
        String bad = scoringWith(value);
        assertThat(bad).isNotEqualTo(resource("vllm/completions-echo-scoring.json"));
        server.script("/v1/completions", json(bad), json(resource("vllm/completions-echo-scoring.json")));

        assertThat(base(3).logProbs(PREFIX, CANDIDATES)).containsExactly(GOOD_SCORES);
        assertThat(server.requests("/v1/completions")).hasSize(2);
    }

    @Test
    void withoutRetriesTheImpossibleValueFailsNamingTheModelAndThePlace() {
        server.script("/v1/completions", json(scoringWith("0.25")));
        assertThatThrownBy(() -> base(0).logProbs(PREFIX, CANDIDATES))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining("base model '" + MODEL + "'")
                .hasMessageContaining("choice 0 at prompt position 3")
                .hasMessageContaining("log-probability 0.25");
    }

    @Test
    void roundingNoiseAboveZeroAndVllmsClampOfMinusInfinityPass() {
        server.script("/v1/completions", json(scoringWith("0.00001")));
        assertThat(base(0).logProbs(PREFIX, CANDIDATES)).containsExactly(
                new double[] { 0.00001 - 0.125, -9999.0, -2.25 }, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void promptLogprobsForAnotherTokenThanTheCandidatesAreRejected() {
        String wrongId = resource("vllm/completions-prompt-logprobs.json").replace("{\"11\": {\"logprob\": -0.125",
                "{\"12\": {\"logprob\": -0.125");
        server.script("/v1/completions", json(wrongId), json(resource("vllm/completions-prompt-logprobs.json")));
        assertThat(base(3).logProbs(PREFIX, List.of(step(10, 11)))[0]).isEqualTo(-0.625);
        assertThat(server.requests("/v1/completions")).hasSize(2);
    }

    @Test
    void echoedPromptIdsThatAreNotTheCandidatesAreRejected() {
        String echoed = resource("vllm/completions-prompt-logprobs.json").replace("\"index\": 0,",
                "\"index\": 0, \"prompt_token_ids\": [1, 2, 3, 10, 99],");
        server.script("/v1/completions", json(echoed));
        assertThatThrownBy(() -> base(0).logProbs(PREFIX, List.of(step(10, 11))))
                .isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("not the candidate's");
        String right = echoed.replace("[1, 2, 3, 10, 99]", "[1, 2, 3, 10, 11]");
        server.script("/v1/completions", json(right));
        assertThat(base(0).logProbs(PREFIX, List.of(step(10, 11)))[0]).isEqualTo(-0.625);
    }

    @Test
    void tokensReportedAsIdsMustBeTheCandidates() {
        String asIds = scoringWith("-2.0").replace("\"tokens\": [\"The\", \" sum\", \" is\", \" 5\", \".\"]",
                "\"tokens\": [\"token_id:1\", \"token_id:2\", \"token_id:3\", \"token_id:10\", \"token_id:12\"]");
        server.script("/v1/completions", json(asIds));
        assertThatThrownBy(() -> base(0).logProbs(PREFIX, CANDIDATES)).isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining("scores token_id:12, not token 11");
    }

    @Test
    void sampledTokenIdsOutsideTheVocabularyAreRejectedAndAskedForAgain() {
        String bad = resource("vllm/completions-sampling.json").replace("[20, 21, 22, 23]", "[20, 21, 222222, 23]");
        server.script("/v1/completions", json(bad), json(resource("vllm/completions-sampling.json")));
        List<StepCandidate> steps = base(3).sampleSteps(PREFIX, 2, SAMPLING, 42);
        assertThat(steps.get(0).tokens()).containsExactly(20, 21, 22, 23);
        assertThat(server.requests("/v1/completions")).hasSize(2);

        server.script("/v1/completions", json(bad.replace("222222", "-1")));
        assertThatThrownBy(() -> base(0).sampleSteps(PREFIX, 2, SAMPLING, 42))
                .isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("token id -1");
    }

    @Test
    void aServedDraftsPositiveTokenLogProbabilityIsRejectedAndAskedForAgain() {
        String good = resource("vllm/completions-sampling-logprobs.json");
        String bad = good.replaceFirst("-0\\.\\d+", "0.25");
        assertThat(bad).isNotEqualTo(good);
        server.script("/v1/completions", json(bad), json(good));
        VllmDraftModel draft = new VllmDraftModel(http(3), "draft", ProposalDensity.RAW);
        List<StepCandidate> steps = draft.sampleSteps(PREFIX, 2, new SamplingParams(1.0, 1, 0, 64, "\n\n",
                ProposalDensity.RAW), new java.util.SplittableRandom(1));
        assertThat(steps).allSatisfy(s -> assertThat(s.logProb()).isNegative());
        assertThat(server.requests("/v1/completions")).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "a pair not summing to 1 | [[0.125, 0.875], [0.5, 0.75]] | summing to 1.25",
            "a probability above 1 | [[0.125, 0.875], [-0.25, 1.25]] | outside [0, 1]",
            "a NaN | [[0.125, 0.875], [NaN, 0.75]] | outside [0, 1]" })
    void aPrmPairThatIsNotADistributionIsRejectedAndAskedForAgain(String caseName, String data, String message) {
        String good = resource("vllm/pooling-prm.json");
        String bad = good.replace("[[0.125, 0.875], [0.25, 0.75]]", data);
        assertThat(bad).isNotEqualTo(good);
        VllmProcessRewardScorer prm = new VllmProcessRewardScorer(http(0), "prm", PrmPromptRenderer.qwenMathPrm());
        RewardContext context = new RewardContext("q", List.of(), new int[] { 1 });
        List<StepCandidate> two = List.of(step(5), step(6));

        server.script("/pooling", json(bad));
        assertThatThrownBy(() -> prm.score(context, two)).isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining(message);

        server.script("/pooling", json(bad), json(good));
        VllmProcessRewardScorer retrying = new VllmProcessRewardScorer(http(3), "prm", PrmPromptRenderer.qwenMathPrm());
        assertThat(retrying.score(context, two)).containsExactly(0.75, 0.03125);
    }

    @Test
    void aContextLength400IsItsOwnErrorNotRetriedAndLeavesScoringAtZeroMaxTokens() {
        String tooLong = "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, "
                + "you requested 4200 tokens (4200 in the messages, 0 in the completion). Please reduce the length of "
                + "the messages or completion.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}";
        server.script("/v1/completions", status(400, tooLong), json(resource("vllm/completions-echo-scoring.json")));
        VllmBaseModel model = base(3);
        assertThatThrownBy(() -> model.logProbs(PREFIX, CANDIDATES)).isInstanceOf(GsiContextLengthException.class)
                .hasMessageContaining("base model '" + MODEL + "'").hasMessageContaining("maximum context length");
        assertThat(server.requests("/v1/completions")).hasSize(1);

        assertThat(model.logProbs(PREFIX, CANDIDATES)).containsExactly(GOOD_SCORES);
        assertThat(server.requests("/v1/completions")).extracting(r -> r.json().get("max_tokens").asInt())
                .as("the context-length refusal did not switch scoring to max_tokens=1").containsExactly(0, 0);
    }

    @Test
    void onlyARefusalOfZeroMaxTokensSwitchesScoringToOneToken() {
        server.script("/v1/completions", status(400, "{\"object\":\"error\",\"message\":\"prompt must not be empty\","
                + "\"code\":400}"), json(resource("vllm/completions-echo-scoring.json")));
        VllmBaseModel model = base(3);
        assertThatThrownBy(() -> model.logProbs(PREFIX, CANDIDATES)).hasMessageContaining("prompt must not be empty");
        model.logProbs(PREFIX, CANDIDATES);
        assertThat(server.requests("/v1/completions")).extracting(r -> r.json().get("max_tokens").asInt())
                .containsExactly(0, 0);
    }

    @Test
    void eachCallsTimeLimitIsSizedForItsWork() {
        RemoteEndpoint e = RemoteEndpoint.builder().baseUrl("http://h").readTimeout(Duration.ofSeconds(60))
                .minCallTimeout(Duration.ofSeconds(5)).timePerToken(Duration.ofMillis(50)).build();
        assertThat(e.callTimeout(1, 16 * 600)).as("scoring 16 candidates of 600 tokens")
                .isEqualTo(Duration.ofMillis(5_000 + 50 + 2_400));
        assertThat(e.callTimeout(512, 600)).as("sampling 512 tokens").isEqualTo(Duration.ofMillis(5_000 + 25_600 + 150));
        assertThat(e.callTimeout(100_000, 0)).as("never beyond the longest call").isEqualTo(Duration.ofSeconds(60));

        server.script("/v1/completions", json(resource("vllm/completions-echo-scoring.json")).delayed(5_000));
        JsonHttpClient impatient = new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).maxRetries(0)
                .readTimeout(Duration.ofSeconds(60)).minCallTimeout(Duration.ofMillis(300))
                .timePerToken(Duration.ofMillis(1)).build());
        assertThatThrownBy(() -> new VllmBaseModel(impatient, MODEL).logProbs(PREFIX, CANDIDATES))
                .isInstanceOf(io.github.gsi4j.core.GsiRemoteTimeoutException.class)
                .satisfies(t -> assertThat(((io.github.gsi4j.core.GsiRemoteTimeoutException) t).callTimeout())
                        .as("the scoring call's own limit, not the 60 s read timeout")
                        .isEqualTo(impatient.endpoint().callTimeout(1, 5 + 4 + 6)));
    }
}
