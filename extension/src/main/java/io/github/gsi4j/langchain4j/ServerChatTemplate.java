package io.github.gsi4j.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.vllm.VllmTokenizer;
import io.github.gsi4j.vllm.api.TokenizeChatRequest;

/**
 * A chat template applied by a vLLM server ({@code POST /tokenize} with the messages): for a draft without a
 * tokenizer in the application, such as a vLLM-served draft. One request per prompt.
 */
final class ServerChatTemplate implements ChatTemplate {

    private final VllmTokenizer server;
    private final int contextLength;

    ServerChatTemplate(VllmTokenizer server, int contextLength) {
        this.server = Objects.requireNonNull(server, "server");
        if (contextLength < 2) {
            throw new IllegalArgumentException("contextLength must be at least 2, was " + contextLength);
        }
        this.contextLength = contextLength;
    }

    @Override
    public int[] encode(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        List<TokenizeChatRequest.Message> turns = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            turns.add(switch (m) {
                case SystemMessage s -> new TokenizeChatRequest.Message("system", s.text());
                case UserMessage u -> new TokenizeChatRequest.Message("user", u.singleText());
                case AiMessage a -> new TokenizeChatRequest.Message("assistant", a.text() == null ? "" : a.text());
                default -> throw new IllegalArgumentException("GSI renders system, user and AI text messages, not "
                        + m.getClass().getSimpleName());
            });
        }
        return server.encodeChat(turns);
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + server + "]";
    }
}
