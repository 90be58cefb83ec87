package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkus.test.QuarkusUnitTest;

/** Provider {@code gsi} produces ChatModel and StreamingChatModel beans for the default and a named model. */
class ProviderBeansTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.class, GsiTestApps.ConstantReward.class, NamedReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.n", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-step-tokens", "4")
            .overrideConfigKey("quarkus.langchain4j.second.chat-model.provider", "gsi")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.draft.model",
                    io.github.gsi4j.testing.TinyModels.draft().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.second.base.model",
                    io.github.gsi4j.testing.TinyModels.base().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.second.policy", "soft-bon-base")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.n", "3")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.max-steps", "1")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.max-step-tokens", "4");

    /** The named model's reward bean. */
    @jakarta.enterprise.context.ApplicationScoped
    @ModelName("second")
    public static class NamedReward extends GsiTestApps.ConstantReward {
    }

    @Inject
    ChatModel chatModel;

    @Inject
    StreamingChatModel streamingChatModel;

    @Inject
    @ModelName("second")
    ChatModel second;

    @Inject
    GsiModels models;

    @Test
    void defaultAndNamedModelsAnswerThroughGsi() {
        ChatResponse r = chatModel.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("What is 2 + 2?")).build());
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) r.metadata();
        assertThat(meta.stats().steps()).isBetween(1, 2);
        assertThat(meta.stats().draftTokens()).isPositive();
        assertThat(r.modelName()).isEqualTo("gsi");

        ChatResponse s = second.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("What is 2 + 2?")).build());
        GsiChatResponseMetadata secondMeta = (GsiChatResponseMetadata) s.metadata();
        assertThat(secondMeta.policy()).isEqualTo(io.github.gsi4j.core.Policy.SOFT_BON_BASE);
        assertThat(secondMeta.stats().baseTokensGenerated()).isPositive();
        assertThat(s.modelName()).isEqualTo("gsi-second");

        assertThat(streamingChatModel.toString()).contains("GuidedSpeculativeStreamingChatModel");
        assertThat(models.loadedModels()).as("draft and base folders are loaded once, shared by all beans").isEqualTo(2);
    }
}
