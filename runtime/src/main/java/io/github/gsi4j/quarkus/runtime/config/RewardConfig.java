package io.github.gsi4j.quarkus.runtime.config;

import java.util.Optional;

import io.github.gsi4j.core.FailureMode;
import io.github.gsi4j.core.RewardNormalizer;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;

/**
 * The reward model.
 */
@ConfigGroup
public interface RewardConfig extends ServerConfig {

    /**
     * Where rewards come from.
     */
    enum Type {
        /** The application's {@code RewardScorer} CDI bean (with {@code @ModelName} for a named model). */
        BEAN,
        /** A process reward model on a vLLM server ({@code /pooling}), such as Qwen2.5-Math-PRM-7B. */
        VLLM_PRM,
        /**
         * An outcome or general reward model on a vLLM server ({@code /classify}, a sequence-classification model
         * served with {@code --runner pooling}): the reward is the probability of {@code reward.positive-class}.
         */
        VLLM_CLASSIFY,
        /** The application's LangChain4j {@code ScoringModel} bean. */
        SCORING_MODEL
    }

    /**
     * Where rewards come from: {@code bean} (the application's {@code RewardScorer} bean, the default),
     * {@code vllm-prm}, {@code vllm-classify} or {@code scoring-model}. An application {@code RewardScorer} bean
     * always wins.
     */
    @WithDefault("bean")
    Type type();

    /**
     * The reward model's served model name, for {@code vllm-prm} and {@code vllm-classify}.
     */
    Optional<String> model();

    /**
     * For {@code vllm-classify}: the class whose probability is the reward (the index into each answer's
     * {@code probs}; for a two-class reward model, 1 is usually "correct").
     */
    @WithDefault("1")
    int positiveClass();

    /**
     * For {@code vllm-prm}: how the steps become the PRM's assistant turn. {@code candidate-marker} (the default):
     * each step, stripped, followed by the step marker, so the last marker scores the candidate.
     * {@code reference-split}: the GSI reference code's rendering, all steps joined, split on blank lines and
     * joined with the marker, plus a final marker (which, after a step ending in a blank line, scores an empty
     * segment); needed to reproduce the reference's numbers.
     */
    @WithDefault("candidate-marker")
    PrmPromptRenderer.StepLayout stepLayout();

    /**
     * How raw scores are mapped into [0, 1]: {@code none} (scores must already be in range),
     * {@code sigmoid} (for logits) or {@code clamp}.
     */
    @WithDefault("none")
    RewardNormalizer normalizer();

    /**
     * What a step does when the reward model is unavailable: {@code fail} the request, or {@code degrade}: give every candidate
     * of the step the same reward, count it and flag the response as degraded.
     */
    @WithDefault("fail")
    FailureMode onFailure();
}
