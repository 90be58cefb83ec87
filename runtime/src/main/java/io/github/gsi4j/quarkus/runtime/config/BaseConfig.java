package io.github.gsi4j.quarkus.runtime.config;

import java.util.Optional;

import io.github.gsi4j.core.FailureMode;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;

/**
 * The base model.
 */
@ConfigGroup
public interface BaseConfig extends ServerConfig {

    /**
     * Where the base model runs.
     */
    enum Type {
        /** Embedded in the application with Jlama (no GPU needed; for development and small models). */
        JLAMA,
        /** A vLLM OpenAI-compatible server. */
        VLLM,
        /** An SGLang server ({@code /generate}). */
        SGLANG
    }

    /**
     * Where the base model runs: {@code jlama} (embedded, the default), {@code vllm} or {@code sglang}.
     */
    @WithDefault("jlama")
    Type type();

    /**
     * For {@code jlama}: the model folder or name, like {@code draft.model}. For {@code vllm}: the served
     * model's name as {@code /v1/models} lists it.
     */
    Optional<String> model();

    /**
     * The name of another configured chat model ({@code quarkus.langchain4j.<name>.chat-model.provider}, e.g. an
     * OpenAI-compatible model pointed at the same vLLM server) that answers requests GSI cannot serve (tool
     * specifications, JSON response format) as ordinary chat completions when {@code on-unsupported=bypass}.
     * Without it such requests fail with a message saying so.
     */
    Optional<String> modelName();

    /**
     * Base sampling temperature T_B for fallback steps.
     */
    @WithDefault("0.7")
    double temperature();

    /**
     * What a step does when the base model is unavailable (unreachable, failing, or answering nonsense): {@code fail} the
     * request, or {@code degrade}: decide the step by soft best-of-n on the drafts, count it and flag the response as degraded.
     */
    @WithDefault("fail")
    FailureMode onFailure();
}
