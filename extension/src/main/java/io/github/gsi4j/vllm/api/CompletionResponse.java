package io.github.gsi4j.vllm.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The answer of {@code /v1/completions}; {@code object} is {@code "text_completion"}. */
public record CompletionResponse(String id, String object, String model, List<Choice> choices) {

    /**
     * One completion. With {@code echo}, {@code logprobs.token_logprobs} covers the prompt tokens (the first
     * is null) and then the generated ones; {@code prompt_logprobs}, when present, has one map per prompt
     * token keyed by token id. {@code stop_reason} is the matched stop string or token, null at end of
     * sequence. {@code prompt_token_ids} (with {@code return_token_ids}) echoes the prompt's ids.
     */
    public record Choice(
            Integer index,
            String text,
            @JsonProperty("token_ids") List<Integer> tokenIds,
            @JsonProperty("prompt_token_ids") List<Integer> promptTokenIds,
            Logprobs logprobs,
            @JsonProperty("prompt_logprobs") List<Map<String, PromptLogprob>> promptLogprobs,
            @JsonProperty("finish_reason") String finishReason,
            @JsonProperty("stop_reason") JsonNode stopReason) {
    }

    /** OpenAI-style log-probabilities of a completion. */
    public record Logprobs(@JsonProperty("token_logprobs") List<Double> tokenLogprobs, List<String> tokens) {
    }

    /** One entry of vLLM's {@code prompt_logprobs}. */
    public record PromptLogprob(Double logprob, Integer rank, @JsonProperty("decoded_token") String decodedToken) {
    }
}
