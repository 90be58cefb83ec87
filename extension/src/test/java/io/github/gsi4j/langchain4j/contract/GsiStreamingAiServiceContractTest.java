package io.github.gsi4j.langchain4j.contract;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.service.common.AbstractStreamingAiServiceIT;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;

/**
 * LangChain4j's contract for streaming chat models behind {@code AiServices} ({@link AbstractStreamingAiServiceIT}),
 * on the scripted pair that "knows" the suite's question ({@link ScriptedAssistant}) and a real tiny Jlama
 * bigram model trained to answer it ({@link TinyJlamaModels}). The suite has no switch for its two tool tests;
 * they are disabled here because GSI does not support tools (the chat model suites check the refusal).
 */
class GsiStreamingAiServiceContractTest extends AbstractStreamingAiServiceIT {

    static final TinyJlamaModels MODELS = new TinyJlamaModels();

    @AfterAll
    static void close() {
        MODELS.close();
    }

    @Override
    protected List<StreamingChatModel> models() {
        return List.of(ScriptedAssistant.streamingModel(null), MODELS.berlinStreamingModel());
    }

    @Override
    protected Class<? extends ChatResponseMetadata> chatResponseMetadataType(StreamingChatModel model) {
        return GsiChatResponseMetadata.class;
    }

    @Override
    @ParameterizedTest
    @MethodSource("models")
    @Disabled("not applicable: GSI does not support tools")
    protected void should_execute_tool_without_arguments(StreamingChatModel model) {
    }

    @Override
    @ParameterizedTest
    @MethodSource("models")
    @Disabled("not applicable: GSI does not support tools")
    protected void should_keep_memory_consistent_when_streaming_using_immediate_tool(StreamingChatModel model) {
    }
}
