package io.github.gsi4j.quarkus.runtime.config;

import java.nio.file.Path;
import java.util.Optional;

import io.github.gsi4j.jlama.DraftQuantization;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;

/**
 * The draft model: run with Jlama in the application, or served by vLLM.
 */
@ConfigGroup
public interface DraftConfig extends ServerConfig {

    /**
     * Where the draft model runs.
     */
    enum Type {
        /** In the application's JVM with Jlama (the default). */
        JLAMA,
        /** A vLLM OpenAI-compatible server, usually on the base model's GPU host. */
        VLLM
    }

    /**
     * Which log-probabilities the draft reports, the proposal density of GSI's importance weights.
     */
    enum Logprobs {
        /**
         * The exact log-density of the distribution the draft sampled from (temperature, top-p and top-k applied):
         * GSI's importance weights are then correct. vLLM reports it with {@code --logprobs-mode processed_logprobs}.
         */
        PROCESSED,
        /**
         * The model's temperature-1 log-probabilities, whatever the sampling temperature: the GSI reference code's
         * setting (vLLM's default {@code raw_logprobs} mode), which biases the output away from the target.
         */
        RAW
    }

    /**
     * Where the draft model runs: {@code jlama} (in the application, the default) or {@code vllm} (a vLLM server at
     * {@code draft.url}, for when the draft in the JVM is too slow).
     */
    @WithDefault("jlama")
    Type type();

    /**
     * For {@code jlama}: a local folder with {@code config.json}, {@code tokenizer.json} and safetensors weights,
     * or a model name ({@code owner/name}) that Jlama fetches into {@code model-cache-dir}. For {@code vllm}: the
     * served model's name as {@code /v1/models} lists it. The draft must share the base model's tokenizer.
     */
    Optional<String> model();

    /**
     * Which log-probabilities the draft reports: {@code processed} (the exact density it sampled from, the
     * default) or {@code raw} (temperature-1 log-probabilities, as the GSI reference code uses). For {@code vllm}
     * this must be what the server reports ({@code raw} is vLLM's default, {@code processed} needs
     * {@code --logprobs-mode processed_logprobs}); it is checked against the server at start-up.
     */
    @WithDefault("processed")
    Logprobs logprobs();

    /**
     * For {@code vllm}: a local folder with the draft's {@code tokenizer.json} and {@code tokenizer_config.json}
     * (no weights) that renders prompts with the model's chat template in the application. When not set, prompts
     * are rendered by the base server ({@code POST /tokenize} with the messages) when the base is on vLLM, by the
     * embedded base model when it runs in Jlama, and else by the draft server.
     */
    Optional<Path> tokenizer();

    /**
     * Where named models are downloaded to ({@code jlama}).
     */
    @ConfigDocDefault("${user.home}/.jlama/models")
    Optional<Path> modelCacheDir();

    /**
     * For {@code jlama}: how many instances of the draft model serve concurrent requests. With one, requests take
     * turns drafting; with more, up to that many drafts run at once (throughput under concurrent load, at the
     * cost of each instance's own KV caches and working buffers; the weights file is memory-mapped, so the
     * weights themselves are shared by the operating system). Between 1 and 64.
     */
    @WithDefault("1")
    int replicas();

    /**
     * How the draft's weights are held in memory: `none` (as stored: BF16 stays BF16), `q8` (8-bit values with
     * one scale per output row, about 50% of BF16's memory) or `q4` (4-bit, one scale per block of 32, about
     * 31%). The draft samples from the quantized weights and reports its densities for them, so GSI stays exact
     * for the model it runs. Quantizing takes a few seconds at start-up; a folder already quantized by Jlama is
     * used as it is (with `none` or its own type; Jlama's Q8 keeps a scale per block of 32). Llama and Qwen2
     * architectures only.
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
