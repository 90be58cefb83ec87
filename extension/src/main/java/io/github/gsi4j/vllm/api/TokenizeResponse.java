package io.github.gsi4j.vllm.api;

import java.util.List;

/** The answer of {@code /tokenize}. */
public record TokenizeResponse(List<Integer> tokens, Integer count,
        @com.fasterxml.jackson.annotation.JsonProperty("max_model_len") Integer maxModelLen) {
}
