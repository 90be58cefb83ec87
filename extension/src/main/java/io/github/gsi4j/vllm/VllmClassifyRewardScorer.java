package io.github.gsi4j.vllm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.AnswerChecks;
import io.github.gsi4j.http.ByIndex;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.vllm.api.ClassifyRequest;
import io.github.gsi4j.vllm.api.ClassifyResponse;

/**
 * An outcome or general reward model served by vLLM's {@code POST /classify}: the text is the question,
 * a blank line, and the partial solution with the candidate; the reward is the probability of the
 * configured positive class.
 */
public final class VllmClassifyRewardScorer implements RewardScorer {

    private final JsonHttpClient http;
    private final String model;
    private final int positiveClass;

    public VllmClassifyRewardScorer(JsonHttpClient http, String model, int positiveClass) {
        this.http = Objects.requireNonNull(http, "http");
        this.model = Objects.requireNonNull(model, "model");
        if (positiveClass < 0) {
            throw new IllegalArgumentException("positiveClass must be >= 0, was " + positiveClass);
        }
        this.positiveClass = positiveClass;
    }

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        List<String> inputs = new ArrayList<>(candidates.size());
        for (StepCandidate c : candidates) {
            inputs.add(context.question() + "\n\n" + context.partialSolution() + c.text());
        }
        long promptChars = inputs.stream().mapToLong(String::length).sum();
        return http.post("/classify", new ClassifyRequest(model, inputs), ClassifyResponse.class,
                http.endpoint().callTimeout(0, promptChars / 3), r -> {
                    List<ClassifyResponse.Item> items = ByIndex.order(r.data(), ClassifyResponse.Item::index,
                            inputs.size(), "items", this::invalid);
                    double[] rewards = new double[items.size()];
                    for (int i = 0; i < rewards.length; i++) {
                        List<Double> probs = items.get(i).probs();
                        if (probs == null || probs.size() <= positiveClass || probs.get(positiveClass) == null) {
                            throw invalid("item " + i + " has no probability for class " + positiveClass + ": " + probs);
                        }
                        AnswerChecks.distribution(probs, "item " + i, this::invalid);
                        rewards[i] = probs.get(positiveClass);
                    }
                    return rewards;
                });
    }

    private GsiInvalidResponseException invalid(String what) {
        return new GsiInvalidResponseException(http.where("/classify") + " " + what);
    }

    @Override
    public String toString() {
        return "VllmClassifyRewardScorer[" + model + " at " + http.endpoint().baseUrl() + "]";
    }
}
