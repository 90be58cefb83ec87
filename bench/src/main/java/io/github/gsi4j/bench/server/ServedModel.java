package io.github.gsi4j.bench.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.vllm.api.ModelsResponse;
import io.github.gsi4j.vllm.api.TokenizeChatRequest;
import io.github.gsi4j.vllm.api.TokenizeRequest;
import io.github.gsi4j.vllm.api.TokenizeResponse;

/**
 * The model as a vLLM server presents it: its served name, its context window ({@code max_model_len}, checked as
 * vLLM checks a completion request) and its tokenizer; answers {@code /v1/models} and {@code /tokenize}.
 */
final class ServedModel {

    private final JlamaModel model;
    private final String name;
    private final GpuLatencyModel latency;
    private volatile int maxModelLen;

    ServedModel(JlamaModel model, String name, GpuLatencyModel latency) {
        this.model = model;
        this.name = name;
        this.latency = latency;
        this.maxModelLen = model.contextLength();
    }

    String name() {
        return name;
    }

    void maxModelLen(int tokens) {
        this.maxModelLen = tokens;
    }

    /** {@code /v1/models}: this model, answered at once. */
    Reply models() {
        return Reply.ok(new ModelsResponse("list", List.of(new ModelsResponse.Model(name, "model", maxModelLen))), 0,
                Reply.Work.NONE);
    }

    /** {@code /tokenize} of a prompt. */
    Reply tokenize(TokenizeRequest request) {
        return tokens(model.encode(request.prompt() == null ? "" : request.prompt()));
    }

    /** {@code /tokenize} of chat messages, rendered with the model's chat template. */
    Reply tokenize(TokenizeChatRequest request) {
        if (request.messages() == null) {
            throw new IllegalArgumentException("messages must be a list of chat messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (TokenizeChatRequest.Message m : request.messages()) {
            String content = m.content() == null ? "" : m.content();
            messages.add(switch (m.role() == null ? "" : m.role()) {
                case "system" -> SystemMessage.from(content);
                case "assistant" -> AiMessage.from(content);
                default -> UserMessage.from(content);
            });
        }
        return tokens(model.encodeChat(messages));
    }

    private Reply tokens(int[] ids) {
        return Reply.ok(new TokenizeResponse(Arrays.stream(ids).boxed().toList(), ids.length, maxModelLen),
                latency.nanos(ids.length, 0), Reply.Work.NONE);
    }

    /** vLLM's check of a completion request against {@code max_model_len}. */
    void checkLength(int promptTokens, int maxTokens) {
        if (promptTokens + maxTokens > maxModelLen) {
            throw new IllegalArgumentException("This model's maximum context length is " + maxModelLen
                    + " tokens. However, you requested " + (promptTokens + maxTokens) + " tokens (" + promptTokens
                    + " in the messages, " + maxTokens + " in the completion). Please reduce the length of the "
                    + "messages or completion.");
        }
    }
}
