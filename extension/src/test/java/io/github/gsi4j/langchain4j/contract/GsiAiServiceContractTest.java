package io.github.gsi4j.langchain4j.contract;

import java.util.List;

import org.junit.jupiter.api.AfterAll;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.common.AbstractAiServiceIT;

/**
 * LangChain4j's contract for chat models behind {@code AiServices} ({@link AbstractAiServiceIT}), on two GSI
 * models: the scripted pair that "knows" the suite's question ({@link ScriptedAssistant}) and a real tiny Jlama
 * bigram model trained to answer it ({@link TinyJlamaModels}). The tool and structured-output test is switched
 * off: GSI supports neither tools nor JSON schemas.
 */
class GsiAiServiceContractTest extends AbstractAiServiceIT {

    static final TinyJlamaModels MODELS = new TinyJlamaModels();

    @AfterAll
    static void close() {
        MODELS.close();
    }

    @Override
    protected List<ChatModel> models() {
        return List.of(ScriptedAssistant.chatModel(null), MODELS.berlinChatModel());
    }

    @Override
    protected boolean supportsTools() {
        return false;
    }

    @Override
    protected boolean supportsJsonResponseFormatWithSchema() {
        return false;
    }
}
