package io.github.gsi4j.sglang.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One output of SGLang's {@code /generate} (a batch answers with a JSON array of them).
 * {@code meta_info.input_token_logprobs} has one {@code [logprob, token_id, text]} entry per input token
 * from {@code logprob_start_len} on; {@code finish_reason} is {@code {"type": "stop"|"length", "matched": ...}}.
 */
public record SglangGenerateResponse(String text, @JsonProperty("output_ids") List<Integer> outputIds,
        @JsonProperty("meta_info") MetaInfo metaInfo) {

    /** SGLang's metadata of one output. */
    public record MetaInfo(@JsonProperty("input_token_logprobs") List<List<JsonNode>> inputTokenLogprobs,
            @JsonProperty("finish_reason") JsonNode finishReason) {
    }
}
