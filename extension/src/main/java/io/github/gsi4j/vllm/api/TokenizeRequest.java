package io.github.gsi4j.vllm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** vLLM's {@code POST /tokenize} and SGLang's {@code POST /v1/tokenize} (same fields). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenizeRequest(String model, String prompt, @JsonProperty("add_special_tokens") Boolean addSpecialTokens) {
}
