package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.model.chat.ChatModel;
import io.github.gsi4j.core.StepTrace;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code reward.type=vllm-prm} against a loopback stub speaking vLLM's {@code /pooling} format: rewards are the
 * PRM's positive-class probabilities, the API key is sent, and the reward client retries with its own
 * {@code reward.max-retries} (2; the base's is 0): the stub refuses its first two calls with HTTP 503.
 */
class VllmPrmRewardTest {

    static final String KEY = "prm-secret-77";
    static final double REWARD = 0.8;

    /** The PRM stub: 401 without the key, 503 twice, then rewards. */
    static final String PRM = TinyApp.stubOnce("prm", () -> {
        AtomicInteger calls = new AtomicInteger();
        return new StubServer().handle("/pooling", r -> {
            if (!("Bearer " + KEY).equals(r.header("Authorization"))) {
                return StubServer.Answer.status(401, "{\"object\":\"error\",\"message\":\"bad key\",\"code\":401}");
            }
            return calls.incrementAndGet() <= 2
                    ? StubServer.Answer.status(503, "{\"object\":\"error\",\"message\":\"warming up\",\"code\":503}")
                    : FakeVllm.pooling(r, REWARD);
        });
    });

    @RegisterExtension
    static final QuarkusUnitTest app = TinyApp.small()
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.type", "vllm-prm")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.url", PRM)
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.model", "Qwen/Qwen2.5-Math-PRM-7B")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.api-key", KEY)
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.max-retries", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.max-retries", "0");

    @Inject
    ChatModel chatModel;

    @Test
    void rewardsAreThePrmsProbabilitiesAfterTheRewardClientsOwnRetries() {
        GsiChatResponseMetadata meta = TinyApp.askTraced(chatModel);

        assertThat(meta.trace()).isNotEmpty();
        for (StepTrace step : meta.trace()) {
            double[] rewards = TinyApp.chosenFrom(step);
            assertThat(rewards).isNotEmpty().containsOnly(new double[] { REWARD }, within(1e-12));
        }
        assertThat(meta.stats().degraded()).isFalse();
    }
}
