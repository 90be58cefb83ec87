package io.github.gsi4j.vllm.api;

import java.util.List;

/** The answer of {@code GET /v1/models}. */
public record ModelsResponse(List<Model> data) {

    /** One served model. */
    public record Model(String id) {
    }
}
