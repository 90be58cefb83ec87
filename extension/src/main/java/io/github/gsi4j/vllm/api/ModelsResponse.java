package io.github.gsi4j.vllm.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code GET /v1/models}; {@code object} is {@code "list"}. */
public record ModelsResponse(String object, List<Model> data) {

    /** One served model ({@code object}: {@code "model"}); {@code max_model_len} is its context window. */
    public record Model(String id, String object, @JsonProperty("max_model_len") Integer maxModelLen) {
    }
}
