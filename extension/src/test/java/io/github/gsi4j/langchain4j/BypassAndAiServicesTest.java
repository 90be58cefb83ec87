package io.github.gsi4j.langchain4j;

import static io.github.gsi4j.testing.StubServer.resource;
import static io.github.gsi4j.testing.StubServer.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.StreamCollector;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TextReward;

class BypassAndAiServicesTest {

    static JlamaModel model;
    static Bigram bigram;
    final StubServer vllm = new StubServer();

    @BeforeAll
    static void load() {
        bigram = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n");
        model = JlamaModel.load(bigram.folder());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @AfterEach
    void stop() {
        vllm.close();
    }

    /** The base server's ordinary chat endpoint, through LangChain4j's OpenAI client. */
    ChatModel vllmChat() {
        return OpenAiChatModel.builder().baseUrl(vllm.url() + "/v1").apiKey("none")
                .modelName("Qwen/Qwen2.5-Math-7B-Instruct").maxRetries(0).build();
    }

    <B extends GsiChatModelBuilder<B>> B wire(B b) {
        return b.draftModel(new JlamaDraftModel(model, false)).baseModel(new JlamaBaseModel(model, false))
                .rewardScorer(new TextReward()).options(GsiOptions.builder().n(3).maxSteps(4).seed(1).build());
    }

    static final ToolSpecification ADD = ToolSpecification.builder().name("add").description("adds two numbers")
            .parameters(JsonObjectSchema.builder().addIntegerProperty("a").addIntegerProperty("b").build()).build();

    @Test
    void toolRequestsGoToTheBaseServerAsOrdinaryChatAndAreFlagged() {
        vllm.script("/v1/chat/completions", json(resource("vllm/chat-tool-call.json")));
        GuidedSpeculativeChatModel gsi = wire(GuidedSpeculativeChatModel.builder()).bypassModel(vllmChat()).build();

        ChatResponse r = gsi.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?"))
                .toolSpecifications(ADD).build());

        assertThat(r.aiMessage().toolExecutionRequests()).hasSize(1);
        assertThat(r.aiMessage().toolExecutionRequests().get(0).name()).isEqualTo("add");
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) r.metadata();
        assertThat(meta.bypassed()).isTrue();
        assertThat(meta.bypassReason()).contains("tools are not supported");
        assertThat(meta.stats()).isNull();
        var sent = vllm.requests("/v1/chat/completions").get(0).json();
        assertThat(sent.get("tools").get(0).get("function").get("name").asText()).isEqualTo("add");
        assertThat(sent.get("model").asText()).as("the bypass model's own name, not GSI's")
                .isEqualTo("Qwen/Qwen2.5-Math-7B-Instruct");
    }

    @Test
    void jsonFormatRequestsAreBypassedToo() {
        vllm.script("/v1/chat/completions", json(resource("vllm/chat-json.json")));
        ChatResponse r = wire(GuidedSpeculativeChatModel.builder()).bypassModel(vllmChat()).build()
                .chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2? Answer in JSON."))
                        .responseFormat(ResponseFormat.JSON).build());
        assertThat(r.aiMessage().text()).isEqualTo("{\"answer\": 4}");
        assertThat(((GsiChatResponseMetadata) r.metadata()).bypassReason()).contains("JSON response format");
    }

    @Test
    void failModeAndAMissingBypassModelRefuseClearly() {
        ChatRequest tools = ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?")).toolSpecifications(ADD).build();
        assertThatThrownBy(() -> wire(GuidedSpeculativeChatModel.builder()).onUnsupported(OnUnsupported.FAIL)
                .bypassModel(vllmChat()).build().chat(tools))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("tools are not supported")
                .hasMessageContaining("on-unsupported=bypass");
        assertThatThrownBy(() -> wire(GuidedSpeculativeChatModel.builder()).build().chat(tools))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("no bypass model");
        assertThat(vllm.requests()).isEmpty();
    }

    @Test
    void streamingBypassDeliversTheBypassAnswer() throws Exception {
        vllm.script("/v1/chat/completions", json(resource("vllm/chat-json.json")));
        StreamCollector stream = new StreamCollector();
        wire(GuidedSpeculativeStreamingChatModel.builder()).bypassModel(vllmChat()).build()
                .chat(ChatRequest.builder().messages(UserMessage.from("JSON please")).responseFormat(ResponseFormat.JSON)
                        .build(), stream);
        ChatResponse r = stream.await(30);
        assertThat(stream.partials()).containsExactly("{\"answer\": 4}");
        assertThat(((GsiChatResponseMetadata) r.metadata()).bypassed()).isTrue();
    }

    interface Assistant {
        Result<String> answer(String question);
    }

    interface StreamingAssistant {
        TokenStream answer(String question);
    }

    @Test
    void anAiServiceAnswersThroughGsi() {
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(wire(GuidedSpeculativeChatModel.builder()).build()).build();
        Result<String> result = assistant.answer("What is 2 + 2?");
        assertThat(result.content()).isEqualTo(" The answer is 4.\n\n");
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) result.finalResponse().metadata();
        assertThat(meta.stats().steps()).isEqualTo(2);
        assertThat(meta.stats().draftTokens()).isPositive();
    }

    interface TunedAssistant {
        Result<String> answer(@dev.langchain4j.service.UserMessage String question, ChatRequestParameters parameters);
    }

    @Test
    void anAiServiceMethodsChatRequestParametersArgumentCarriesNBetaPolicyAndSeed() {
        TunedAssistant assistant = AiServices.builder(TunedAssistant.class)
                .chatModel(wire(GuidedSpeculativeChatModel.builder()).build()).build();
        Result<String> result = assistant.answer("What is 2 + 2?", GsiChatRequestParameters.builder()
                .policy(Policy.SOFT_BON_BASE).n(2).beta(3.0).seed(99L).trace(true).build());
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) result.finalResponse().metadata();
        assertThat(meta.policy()).isEqualTo(Policy.SOFT_BON_BASE);
        assertThat(meta.stats().seed()).isEqualTo(99);
        assertThat(meta.stats().fallbackSteps()).isEqualTo(meta.stats().steps());
        assertThat(meta.trace()).as("n=2 base samples per step").isNotEmpty()
                .allSatisfy(t -> assertThat(t.baseSamples()).hasSize(2));
    }

    @Test
    void aStreamingAiServiceAnswersThroughGsi() throws Exception {
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(wire(GuidedSpeculativeStreamingChatModel.builder()).build()).build();
        StringBuilder text = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        assistant.answer("What is 2 + 2?").onPartialResponse(text::append).onCompleteResponse(done::complete)
                .onError(done::completeExceptionally).start();
        ChatResponse r = done.get(30, TimeUnit.SECONDS);
        assertThat(text.toString()).isEqualTo(" The answer is 4.\n\n").isEqualTo(r.aiMessage().text());
        assertThat(((GsiChatResponseMetadata) r.metadata()).stats().steps()).isEqualTo(2);
    }
}
