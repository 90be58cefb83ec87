package io.github.gsi4j.vllm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.vllm.api.PoolingRequest;
import io.github.gsi4j.vllm.api.PoolingResponse;

/**
 * A process reward model served by vLLM ({@code vllm serve Qwen/Qwen2.5-Math-PRM-7B --runner pooling}):
 * one {@code POST /pooling} for all candidates of a step; each candidate's reward is the positive-class
 * probability of the last step marker, i.e. the probability that the candidate step is correct.
 */
public final class VllmProcessRewardScorer implements RewardScorer {

    private final JsonHttpClient http;
    private final String model;
    private final PrmPromptRenderer renderer;

    public VllmProcessRewardScorer(JsonHttpClient http, String model, PrmPromptRenderer renderer) {
        this.http = Objects.requireNonNull(http, "http");
        this.model = Objects.requireNonNull(model, "model");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        List<String> inputs = new ArrayList<>(candidates.size());
        for (StepCandidate c : candidates) {
            List<String> steps = new ArrayList<>(context.previousSteps());
            steps.add(c.text());
            inputs.add(renderer.render(context.question(), steps));
        }
        PoolingResponse response = http.post("/pooling", new PoolingRequest(model, inputs), PoolingResponse.class);
        List<PoolingResponse.Item> items = ByIndex.order(response.data(), PoolingResponse.Item::index, inputs.size(),
                "items", this::invalid);
        double[] rewards = new double[items.size()];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = lastStepCorrect(items.get(i).data(), i);
        }
        return rewards;
    }

    /** p_right of the last {@code [p_wrong, p_right]} pair (or of a single pair). */
    private double lastStepCorrect(JsonNode data, int i) {
        JsonNode pair = data != null && data.isArray() && data.size() > 0 && data.get(0).isArray()
                ? data.get(data.size() - 1) : data;
        if (pair == null || !pair.isArray() || pair.size() != 2 || !pair.get(1).isNumber()) {
            throw invalid("item " + i + " has data " + abbreviate(data) + ", expected [[p_wrong, p_right], ...]");
        }
        return pair.get(1).asDouble();
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private GsiInvalidResponseException invalid(String what) {
        return new GsiInvalidResponseException(http.url("/pooling") + " " + what);
    }

    @Override
    public String toString() {
        return "VllmProcessRewardScorer[" + model + " at " + http.endpoint().baseUrl() + "]";
    }
}
