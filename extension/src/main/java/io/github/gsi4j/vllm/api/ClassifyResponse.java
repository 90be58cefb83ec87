package io.github.gsi4j.vllm.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code /classify}: class probabilities per input. */
public record ClassifyResponse(String model, List<Item> data) {

    /** One input's classification. */
    public record Item(Integer index, String label, List<Double> probs, @JsonProperty("num_classes") Integer numClasses) {
    }
}
