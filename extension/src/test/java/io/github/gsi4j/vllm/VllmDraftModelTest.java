package io.github.gsi4j.vllm;

import static io.github.gsi4j.testing.StubServer.resource;
import static io.github.gsi4j.testing.StubServer.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.testing.StubServer;

class VllmDraftModelTest {

    static final String MODEL = "Qwen/Qwen2.5-Math-1.5B-Instruct";
    static final int[] PREFIX = { 1, 2, 3 };
    static final SamplingParams AT_07 = new SamplingParams(0.7, 1, 0, 512, "\n\n", ProposalDensity.EXACT);

    final StubServer server = new StubServer();

    @AfterEach
    void stop() {
        server.close();
    }

    VllmDraftModel draft(ProposalDensity served) {
        return new VllmDraftModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).maxRetries(0).build()),
                MODEL, served);
    }

    @Test
    void samplesAllCandidatesInOneRequestAndSumsEachOnesTokenLogprobs() {
        server.script("/v1/completions", json(resource("vllm/completions-sampling-logprobs.json")));
        List<StepCandidate> steps = draft(ProposalDensity.EXACT).sampleSteps(PREFIX, 2, AT_07, new SplittableRandom(9));

        JsonNode sent = server.requests("/v1/completions").get(0).json();
        assertThat(sent.get("logprobs").asInt()).isZero();
        assertThat(sent.get("n").asInt()).isEqualTo(2);
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(sent.get("top_p").asDouble()).isEqualTo(1.0);
        assertThat(sent.get("top_k").asInt()).isEqualTo(-1);
        assertThat(sent.get("seed").asLong()).as("drawn from the caller's random source")
                .isEqualTo(new SplittableRandom(9).nextLong());
        assertThat(sent.get("return_token_ids").asBoolean()).isTrue();
        assertThat(steps.get(0).tokens()).containsExactly(20, 21, 22, 23);
        assertThat(steps.get(0).logProb()).isEqualTo(-3.5);
        assertThat(steps.get(0).endsSequence()).isFalse();
        assertThat(steps.get(1).tokens()).containsExactly(24, 25, 151645);
        assertThat(steps.get(1).logProb()).isEqualTo(-0.875);
        assertThat(steps.get(1).endsSequence()).isTrue();
    }

    @Test
    void refusesDensitiesTheServerCannotReport() {
        VllmDraftModel raw = draft(ProposalDensity.RAW);
        assertThatThrownBy(() -> raw.sampleSteps(PREFIX, 2, AT_07, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--logprobs-mode processed_logprobs");
        assertThat(server.requests()).isEmpty();
        // at temperature 1 without top-k and top-p the raw log-probabilities are the exact density
        raw.checkDensity(new SamplingParams(1, 1, 0, 512, "\n\n", ProposalDensity.EXACT));
        raw.checkDensity(new SamplingParams(0.7, 1, 0, 512, "\n\n", ProposalDensity.RAW));
        assertThatThrownBy(() -> draft(ProposalDensity.EXACT)
                .checkDensity(new SamplingParams(0.7, 0.9, 0, 512, "\n\n", ProposalDensity.RAW)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersWithoutTokenIdsOrWithMissingLogprobsAreRejected() {
        String noIds = resource("vllm/completions-sampling-logprobs.json").replace("\"token_ids\"", "\"ids\"");
        server.script("/v1/completions", json(noIds));
        assertThatThrownBy(() -> draft(ProposalDensity.EXACT).sampleSteps(PREFIX, 2, AT_07, new SplittableRandom(1)))
                .isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("no token_ids");
        String short1 = resource("vllm/completions-sampling-logprobs.json").replace("[-0.5, -0.25, -0.125]", "[-0.5]");
        server.script("/v1/completions", json(short1));
        assertThatThrownBy(() -> draft(ProposalDensity.EXACT).sampleSteps(PREFIX, 2, AT_07, new SplittableRandom(1)))
                .isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("1 token log-probabilities for 3");
    }

    /** One-token answers of the probe: token 7 at the given log-probability in each of 8 choices. */
    static String probeAnswer(double logprob) {
        StringBuilder sb = new StringBuilder("{\"choices\": [");
        for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"index\": ").append(i).append(", \"text\": \"x\", \"token_ids\": [7], ")
                    .append("\"logprobs\": {\"token_logprobs\": [").append(logprob)
                    .append("]}, \"finish_reason\": \"length\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void theStartUpProbeTellsRawFromProcessedLogprobs() {
        server.script("/v1/models", json(resource("vllm/models.json").replace("Qwen/Qwen2.5-Math-7B-Instruct", MODEL)));
        // processed: the same token is likelier at temperature 0.5
        server.script("/v1/completions", json(probeAnswer(-1.2)), json(probeAnswer(-0.4)));
        draft(ProposalDensity.EXACT).verify(PREFIX);
        assertThat(server.requests("/v1/completions")).extracting(r -> r.json().get("temperature").asDouble())
                .containsExactly(1.0, 0.5);

        server.script("/v1/completions", json(probeAnswer(-1.2)), json(probeAnswer(-0.4)));
        assertThatThrownBy(() -> draft(ProposalDensity.RAW).verify(PREFIX)).isInstanceOf(GsiException.class)
                .hasMessageContaining("reports processed");

        // raw: the same value at both temperatures
        server.script("/v1/completions", json(probeAnswer(-1.2)), json(probeAnswer(-1.2)));
        assertThatThrownBy(() -> draft(ProposalDensity.EXACT).verify(PREFIX)).isInstanceOf(GsiException.class)
                .hasMessageContaining("reports raw").hasMessageContaining("--logprobs-mode processed_logprobs");
        server.script("/v1/completions", json(probeAnswer(-1.2)), json(probeAnswer(-1.2)));
        draft(ProposalDensity.RAW).verify(PREFIX);
    }
}
