package io.github.gsi4j.vllm.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * vLLM's {@code POST /tokenize} with chat messages: the server renders them with the served model's chat
 * template ({@code add_generation_prompt} opens the assistant's turn) and tokenizes the result;
 * {@code add_special_tokens: false} adds nothing beyond what the template writes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenizeChatRequest(String model, List<Message> messages,
        @JsonProperty("add_generation_prompt") Boolean addGenerationPrompt,
        @JsonProperty("add_special_tokens") Boolean addSpecialTokens) {

    /** One chat message. */
    public record Message(String role, String content) {
    }
}
