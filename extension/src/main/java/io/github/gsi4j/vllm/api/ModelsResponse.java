package io.github.gsi4j.vllm.api;

import java.util.List;

/** The answer of {@code GET /v1/models}. */
public record ModelsResponse(List<Model> data) {

    /** One served model; {@code max_model_len} is its context window. */
    public record Model(String id, @com.fasterxml.jackson.annotation.JsonProperty("max_model_len") Integer maxModelLen) {
    }
}
