package io.github.gsi4j.vllm.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code /pooling}: per input, {@code data} is a list of vectors (a process reward model
 * gives one {@code [p_wrong, p_right]} pair per step marker) or one vector. {@code object} is {@code "list"}.
 */
public record PoolingResponse(String object, String model, List<Item> data) {

    /** The pooled output of one input ({@code object}: {@code "pooling"}). */
    public record Item(Integer index, String object, JsonNode data) {
    }
}
