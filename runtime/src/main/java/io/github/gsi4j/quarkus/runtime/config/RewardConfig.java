package io.github.gsi4j.quarkus.runtime.config;

import java.time.Duration;
import java.util.Optional;

import io.github.gsi4j.core.RewardNormalizer;
import io.github.gsi4j.core.FailureMode;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;

/**
 * The reward model.
 */
@ConfigGroup
public interface RewardConfig {

    /**
     * Where rewards come from.
     */
    enum Type {
        /** The application's {@code RewardScorer} CDI bean (with {@code @ModelName} for a named model). */
        BEAN,
        /** A process reward model on a vLLM server ({@code /pooling}), such as Qwen2.5-Math-PRM-7B. */
        VLLM_PRM,
        /** The application's LangChain4j {@code ScoringModel} bean. */
        SCORING_MODEL
    }

    /**
     * Where rewards come from: {@code bean} (the application's {@code RewardScorer} bean, the default),
     * {@code vllm-prm} or {@code scoring-model}. An application {@code RewardScorer} bean always wins.
     */
    @WithDefault("bean")
    Type type();

    /**
     * The PRM server's base URL for {@code vllm-prm}.
     */
    Optional<String> url();

    /**
     * The PRM's served model name for {@code vllm-prm}.
     */
    Optional<String> model();

    /**
     * The PRM server's API key (never logged).
     */
    Optional<String> apiKey();

    /**
     * How long one reward request may take.
     */
    @WithDefault("60s")
    Duration timeout();

    /**
     * How raw scores are mapped into [0, 1]: {@code none} (scores must already be in range),
     * {@code sigmoid} (for logits) or {@code clamp}.
     */
    @WithDefault("none")
    RewardNormalizer normalizer();

    /**
     * Consecutive failed requests (each after its retries) after which calls to this server fail fast
     * for {@code circuit-breaker-cool-down}; 0 turns the circuit breaker off.
     */
    @WithDefault("5")
    int circuitBreakerFailures();

    /**
     * How long calls fail fast once the circuit breaker has opened, before one trial request is let through.
     */
    @WithDefault("30s")
    Duration circuitBreakerCoolDown();

    /**
     * What a step does when the reward model is unavailable: {@code fail} the request, or {@code degrade}: give every candidate of the step the same reward, count it and flag the response as degraded.
     */
    @WithDefault("fail")
    FailureMode onFailure();
}
