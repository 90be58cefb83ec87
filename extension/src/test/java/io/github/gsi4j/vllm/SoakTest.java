package io.github.gsi4j.vllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.FailureMode;
import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRequest;
import io.github.gsi4j.core.GsiResult;
import io.github.gsi4j.core.GsiTimeoutException;
import io.github.gsi4j.http.HttpTransport;
import io.github.gsi4j.http.JdkHttpTransport;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.FaultInjectingTransport;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TinyModels;

/**
 * 1000 requests against a vLLM base and a PRM (loopback stubs) with 10% of HTTP calls faulted at random
 * (fixed seed). Every request ends, as a success, a flagged degrade or a typed failure; a success that was
 * not degraded equals the fault-free answer of its seed (its faults were all retried away).
 */
class SoakTest {

    static final int REQUESTS = 1000;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A PRM whose reward depends on the request (some steps fall back, some are accepted). */
    static StubServer.Answer pooling(StubServer.Recorded r) {
        ObjectNode root = JSON.createObjectNode().put("object", "list").put("model", "prm");
        ArrayNode data = root.putArray("data");
        var inputs = r.json().get("input");
        for (int i = 0; i < inputs.size(); i++) {
            double reward = (inputs.get(i).asText().hashCode() & 1) == 0 ? 0.05 : 0.9;
            data.addObject().put("index", i).put("object", "pooling").putArray("data").addArray().add(1 - reward).add(reward);
        }
        return StubServer.Answer.json(root.toString());
    }

    static GsiDecoder decoder(JlamaModel draft, String baseUrl, String prmUrl, HttpTransport transport) {
        // one retry: with 10% of calls faulted, about 1% of calls fail twice and degrade their step, so the
        // soak sees degrades whatever the call count (with 3 retries only 1 in 10 000 calls would)
        RemoteEndpoint.Builder e = RemoteEndpoint.builder().maxRetries(1).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(4)).readTimeout(Duration.ofSeconds(10));
        return GsiDecoder.builder().draftModel(new JlamaDraftModel(draft, false))
                .baseModel(new VllmBaseModel(new JsonHttpClient(e.baseUrl(baseUrl).build(), transport), "base"))
                .rewardScorer(new VllmProcessRewardScorer(new JsonHttpClient(e.baseUrl(prmUrl).build(), transport), "prm",
                        PrmPromptRenderer.qwenMathPrm()))
                .options(GsiOptions.builder().n(4).beta(10).threshold(1.4).maxSteps(3).maxStepTokens(6)
                        .baseOnFailure(FailureMode.DEGRADE).rewardOnFailure(FailureMode.DEGRADE)
                        .timeout(Duration.ofSeconds(30)).build())
                .build();
    }

    @Test
    void everyRequestEndsAndNoDegradeGoesUnflagged() {
        try (JlamaModel draft = JlamaModel.load(TinyModels.draft());
                StubServer base = new StubServer();
                StubServer prm = new StubServer()) {
            FakeVllm.serveBase(base, "base", draft::encode, " The answer is 4.\n\n");
            prm.handle("/pooling", SoakTest::pooling);
            int[] prompt = draft.encodeChat(List.of(UserMessage.from("What is 2 + 2?")));

            GsiDecoder clean = decoder(draft, base.url(), prm.url(), new JdkHttpTransport(Duration.ofSeconds(5)));
            List<int[]> expected = new ArrayList<>();
            int cleanFallbacks = 0;
            for (int seed = 0; seed < REQUESTS; seed++) {
                GsiResult r = clean.decode(request(clean, prompt, seed));
                assertThat(r.stats().degraded()).isFalse();
                cleanFallbacks += r.stats().fallbackSteps();
                expected.add(r.tokens());
            }

            FaultInjectingTransport faults = new FaultInjectingTransport(new JdkHttpTransport(Duration.ofSeconds(5)), 0.10, 42);
            GsiDecoder faulty = decoder(draft, base.url(), prm.url(), faults);
            int successes = 0;
            int degraded = 0;
            int typedFailures = 0;
            int hangs = 0;
            int unflagged = 0;
            for (int seed = 0; seed < REQUESTS; seed++) {
                try {
                    GsiResult r = faulty.decode(request(faulty, prompt, seed));
                    if (r.stats().degraded()) {
                        degraded++;
                    } else {
                        successes++;
                        unflagged += Arrays.equals(r.tokens(), expected.get(seed)) ? 0 : 1;
                    }
                } catch (GsiTimeoutException e) {
                    hangs++;
                } catch (GsiException e) {
                    typedFailures++;
                }
            }
            int injected = faults.injected().values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%nSoak: %d requests, %d HTTP calls, %d faults injected (%.1f%%) %s%n", REQUESTS,
                    faults.calls(), injected, 100.0 * injected / faults.calls(), faults.injected());
            System.out.printf("  successes %d (all equal to the fault-free answer: %s), degraded (flagged) %d, typed "
                    + "failures %d, hangs %d, unflagged degrades %d; fault-free run had %d fallback steps%n", successes,
                    unflagged == 0, degraded, typedFailures, hangs, unflagged, cleanFallbacks);

            assertThat(successes + degraded + typedFailures + hangs).isEqualTo(REQUESTS);
            assertThat(hangs).isZero();
            assertThat(unflagged).isZero();
            assertThat(injected).isGreaterThan(faults.calls() / 20);
            assertThat(faults.injected()).hasSize(FaultInjectingTransport.Fault.values().length);
            assertThat(degraded).as("faults that outlast the retries degrade their steps").isPositive();
            assertThat(cleanFallbacks).as("the fallback's sampling endpoint is exercised").isPositive();
        }
    }

    static GsiRequest request(GsiDecoder d, int[] prompt, long seed) {
        return new GsiRequest(prompt, "What is 2 + 2?", d.defaultOptions().toBuilder().seed(seed).build());
    }
}
