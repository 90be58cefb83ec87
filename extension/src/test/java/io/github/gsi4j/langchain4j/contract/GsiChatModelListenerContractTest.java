package io.github.gsi4j.langchain4j.contract;

import org.junit.jupiter.api.AfterAll;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.common.AbstractChatModelListenerIT;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;

/**
 * LangChain4j's listener contract ({@link AbstractChatModelListenerIT}) on {@code GuidedSpeculativeChatModel}
 * with the tiny Jlama draft and base (the suite asserts no content): listeners see the request with the model's
 * name and default parameters, the response, shared attributes, and an error as LangChain4j's own exception
 * type (the failing model's base server answers HTTP 401: {@link AuthenticationException}). Tools are switched
 * off: GSI does not support them (the chat model suites check the refusal).
 */
class GsiChatModelListenerContractTest extends AbstractChatModelListenerIT {

    static final TinyJlamaModels MODELS = new TinyJlamaModels();

    @AfterAll
    static void close() {
        MODELS.close();
    }

    @Override
    protected ChatModel createModel(ChatModelListener listener) {
        return MODELS.tiny(GuidedSpeculativeChatModel.builder(), ChatRequestParameters.builder()
                .temperature(temperature()).topP(topP()).maxOutputTokens(maxTokens()).build(), listener).build();
    }

    @Override
    protected String modelName() {
        return TinyJlamaModels.MODEL_NAME;
    }

    @Override
    protected ChatModel createFailingModel(ChatModelListener listener) {
        return MODELS.unauthorised(GuidedSpeculativeChatModel.builder(), listener).build();
    }

    @Override
    protected Class<? extends Exception> expectedExceptionClass() {
        return AuthenticationException.class;
    }

    @Override
    protected boolean supportsTools() {
        return false;
    }
}
