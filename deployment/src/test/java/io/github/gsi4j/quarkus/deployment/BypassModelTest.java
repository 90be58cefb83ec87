package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkus.test.QuarkusUnitTest;

/** {@code base.model-name} sends requests GSI cannot serve to the named chat model, flagged as bypassed. */
class BypassModelTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.class, GsiTestApps.ConstantReward.class, PlainChat.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.base.model-name", "plain");

    /** Stands in for an OpenAI-compatible model on the base server. */
    @ApplicationScoped
    @ModelName("plain")
    public static class PlainChat implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            return ChatResponse.builder().aiMessage(AiMessage.from("plain answer to " + request.toolSpecifications().size()
                    + " tool(s)")).build();
        }
    }

    @Inject
    ChatModel gsi;

    @Test
    void toolRequestsGoToTheNamedChatModel() {
        ChatResponse r = gsi.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?"))
                .toolSpecifications(ToolSpecification.builder().name("add").build()).build());
        assertThat(r.aiMessage().text()).isEqualTo("plain answer to 1 tool(s)");
        assertThat(((GsiChatResponseMetadata) r.metadata()).bypassed()).isTrue();
    }
}
