package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The global {@code quarkus.langchain4j.timeout} bounds each call to a model server that sets no
 * {@code timeout} of its own, as for every quarkus-langchain4j provider: a PRM stub answering after 5 s makes a
 * request fail with LangChain4j's {@link TimeoutException} (the stub would have answered, so only the client's
 * timeout can end the call that way).
 */
class GlobalTimeoutTest {

    static final String SLOW_PRM = TinyApp.stubOnce("slow-prm",
            () -> new StubServer().handle("/pooling", r -> FakeVllm.pooling(r, 0.8).delayed(5_000)));

    @RegisterExtension
    static final QuarkusUnitTest app = TinyApp.with()
            .overrideConfigKey("quarkus.langchain4j.timeout", "300ms")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.type", "vllm-prm")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.url", SLOW_PRM)
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.model", "Qwen/Qwen2.5-Math-PRM-7B")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.max-retries", "0")
            .overrideConfigKey("quarkus.langchain4j.gsi.n", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "1")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-step-tokens", "4");

    @Inject
    ChatModel chatModel;

    @Test
    void aServerCallTakingLongerThanTheGlobalTimeoutFails() {
        assertThatThrownBy(() -> chatModel.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?"))
                .build())).isExactlyInstanceOf(TimeoutException.class).hasCauseInstanceOf(GsiRemoteException.class)
                .hasMessageContaining("/pooling");
    }
}
