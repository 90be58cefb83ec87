package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code draft.type=vllm}: the paper's setting by configuration. Draft, base and PRM are vLLM servers (a stub in
 * vLLM's formats); no model is loaded in the JVM; the prompt is rendered by the base server's chat template; the
 * draft's raw log-probabilities are checked at start-up and used as the proposal density; the min-reward stop and
 * the reference PRM rendering are configured too.
 */
class VllmDraftTest {

    @RegisterExtension
    static final QuarkusUnitTest app = app();

    static QuarkusUnitTest app() {
        QuarkusUnitTest t = new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClasses(StubVllmServers.class))
                .overrideConfigKey("quarkus.langchain4j.chat-model.provider", "gsi")
                .overrideConfigKey("quarkus.langchain4j.gsi.n", "3")
                .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "4")
                .overrideConfigKey("quarkus.langchain4j.gsi.min-reward", "0.1")
                .overrideConfigKey("quarkus.langchain4j.gsi.min-reward-action", "stop")
                .overrideConfigKey("quarkus.langchain4j.gsi.reward.step-layout", "reference-split")
                .overrideConfigKey("quarkus.langchain4j.gsi.draft.max-retries", "0");
        for (Map.Entry<String, String> e : StubVllmServers.properties().entrySet()) {
            t.overrideConfigKey(e.getKey(), e.getValue());
        }
        return t;
    }

    @Inject
    ChatModel chatModel;

    @Inject
    GsiModels models;

    @Test
    void answersWithTheServedDraftAndTheBaseServersChatTemplate() {
        ChatResponse r = chatModel.chat(ChatRequest.builder()
                .messages(SystemMessage.from("Reason step by step."), UserMessage.from("What is 2 + 2?"))
                .parameters(GsiChatRequestParameters.builder().seed(3L).build()).build());

        assertThat(r.aiMessage().text()).isEqualTo(StubVllmServers.DRAFT_STEP);
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) r.metadata();
        assertThat(meta.stats().draftSteps()).isEqualTo(1);
        assertThat(models.loadedModels()).as("no model in the JVM").isZero();

        List<JsonNode> tokenize = StubVllmServers.requests("/tokenize");
        JsonNode chat = tokenize.get(tokenize.size() - 1);
        assertThat(chat.get("model").asText()).as("rendered by the base server").isEqualTo(StubVllmServers.BASE);
        assertThat(chat.get("messages").get(1).get("content").asText()).isEqualTo("What is 2 + 2?");
        assertThat(chat.get("add_generation_prompt").asBoolean()).isTrue();

        JsonNode draftCall = StubVllmServers.requests("/v1/completions").stream()
                .filter(j -> j.hasNonNull("logprobs") && j.get("max_tokens").asInt() > 1).reduce((a, b) -> b).orElseThrow();
        assertThat(draftCall.get("model").asText()).isEqualTo(StubVllmServers.DRAFT);
        int promptTokens = StubVllmServers.ids(StubVllmServers.chatml(chat.get("messages"))).length;
        assertThat(draftCall.get("prompt")).as("the base server's rendering").hasSize(promptTokens);
        assertThat(draftCall.get("max_tokens").asInt()).as("the step budget fits max_model_len").isEqualTo(512);

        String prm = StubVllmServers.requests("/pooling").get(0).get("input").get(0).asText();
        assertThat(prm).as("the reference's PRM rendering").endsWith("assistant\n" + StubVllmServers.DRAFT_STEP
                + "<extra_0><|im_end|>\n");
    }
}
