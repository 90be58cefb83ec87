package io.github.gsi4j.quarkus.runtime.config;

import java.nio.file.Path;
import java.util.Optional;

import io.github.gsi4j.jlama.DraftQuantization;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;

/**
 * The draft model, run with Jlama in the application.
 */
@ConfigGroup
public interface DraftConfig {

    /**
     * The draft model: a local folder with {@code config.json}, {@code tokenizer.json} and safetensors
     * weights, or a model name ({@code owner/name}) that Jlama fetches into {@code model-cache-dir}.
     * It must share the base model's tokenizer.
     */
    Optional<String> model();

    /**
     * Where named models are downloaded to.
     */
    @ConfigDocDefault("${user.home}/.jlama/models")
    Optional<Path> modelCacheDir();

    /**
     * How many instances of the draft model serve concurrent requests. With one, requests take turns
     * drafting; with more, up to that many drafts run at once (throughput under concurrent load, at the
     * cost of each instance's own KV caches and working buffers; the weights file is memory-mapped, so
     * the weights themselves are shared by the operating system). Between 1 and 64.
     */
    @WithDefault("1")
    int replicas();

    /**
     * How the draft's weights are held in memory: `none` (as stored: BF16 stays BF16), `q8` (8-bit values with
     * one scale per block of 32, about 56% of BF16's memory) or `q4` (4-bit, about 31%). The draft samples from
     * the quantized weights and reports its densities for them, so GSI stays exact for the model it runs.
     * Quantizing takes a few seconds at start-up; a folder already quantized by Jlama is used as it is (with
     * `none` or its own type). Llama and Qwen2 architectures only.
     */
    @WithDefault("none")
    DraftQuantization quantization();

    /**
     * Draft sampling temperature T_S.
     */
    @WithDefault("0.7")
    double temperature();

    /**
     * Nucleus mass for draft and fallback sampling (1 disables it).
     */
    @WithDefault("1.0")
    double topP();

    /**
     * Top-k for draft and fallback sampling (0 disables it).
     */
    @WithDefault("0")
    int topK();
}
