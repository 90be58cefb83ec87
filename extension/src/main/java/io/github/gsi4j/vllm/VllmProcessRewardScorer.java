package io.github.gsi4j.vllm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.AnswerChecks;
import io.github.gsi4j.http.ByIndex;
import io.github.gsi4j.http.JsonHttpClient;
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
        long promptChars = inputs.stream().mapToLong(String::length).sum();
        return http.post("/pooling", new PoolingRequest(model, inputs), PoolingResponse.class,
                http.endpoint().callTimeout(0, promptChars / 3), response -> {
                    List<PoolingResponse.Item> items = ByIndex.order(response.data(), PoolingResponse.Item::index,
                            inputs.size(), "items", this::invalid);
                    double[] rewards = new double[items.size()];
                    for (int i = 0; i < rewards.length; i++) {
                        rewards[i] = lastStepCorrect(items.get(i).data(), i);
                    }
                    return rewards;
                });
    }

    /**
     * p_right of the last {@code [p_wrong, p_right]} pair (or of a single pair), after checking that every pair
     * is a probability distribution (each value in [0, 1], the two summing to 1).
     */
    private double lastStepCorrect(JsonNode data, int i) {
        boolean pairs = data != null && data.isArray() && data.size() > 0 && data.get(0).isArray();
        List<JsonNode> all = new ArrayList<>();
        if (pairs) {
            data.forEach(all::add);
        } else if (data != null) {
            all.add(data);
        }
        if (all.isEmpty()) {
            throw invalid("item " + i + " has data " + abbreviate(data) + ", expected [[p_wrong, p_right], ...]");
        }
        for (int m = 0; m < all.size(); m++) {
            JsonNode pair = all.get(m);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                throw invalid("item " + i + " has data " + abbreviate(data) + ", expected [[p_wrong, p_right], ...]");
            }
            AnswerChecks.distribution(List.of(pair.get(0).asDouble(), pair.get(1).asDouble()),
                    "item " + i + " at step marker " + m, this::invalid);
        }
        return all.get(all.size() - 1).get(1).asDouble();
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private GsiInvalidResponseException invalid(String what) {
        return new GsiInvalidResponseException(http.where("/pooling") + " " + what);
    }

    @Override
    public String toString() {
        return "VllmProcessRewardScorer[" + model + " at " + http.endpoint().baseUrl() + "]";
    }
}
