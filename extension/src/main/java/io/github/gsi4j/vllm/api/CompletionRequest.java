package io.github.gsi4j.vllm.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /v1/completions}. {@code prompt} is a list of token ids (one prompt) or a list of such
 * lists (a batch).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionRequest(
        String model,
        Object prompt,
        Integer n,
        @JsonProperty("max_tokens") Integer maxTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        Boolean echo,
        Integer logprobs,
        List<String> stop,
        @JsonProperty("include_stop_str_in_output") Boolean includeStopStrInOutput,
        Long seed,
        @JsonProperty("return_token_ids") Boolean returnTokenIds,
        @JsonProperty("repetition_penalty") Double repetitionPenalty) {
}
