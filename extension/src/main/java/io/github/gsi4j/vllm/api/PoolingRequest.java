package io.github.gsi4j.vllm.api;

import java.util.List;

/** vLLM's {@code POST /pooling} with a batch of rendered texts. */
public record PoolingRequest(String model, List<String> input) {
}
