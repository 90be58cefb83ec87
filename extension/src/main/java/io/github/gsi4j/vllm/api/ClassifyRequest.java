package io.github.gsi4j.vllm.api;

import java.util.List;

/** vLLM's {@code POST /classify} with a batch of texts. */
public record ClassifyRequest(String model, List<String> input) {
}
