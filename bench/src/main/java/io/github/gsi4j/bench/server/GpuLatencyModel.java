package io.github.gsi4j.bench.server;

import java.time.Duration;

/**
 * How long a GPU serving the base model (or the PRM) would take to answer a request; the
 * {@link GpuLikeServer} answers no sooner than this.
 * <p>
 * The defaults imitate a 7B model in bf16 on one H100 under vLLM: a decode step (one new token for every
 * sequence of the batch; the n samples of one request share each step) costs about 20 ms at the batch sizes
 * GSI uses (the weights, ~15 GB, are read once a step at ~3 TB/s: ~5 ms, plus attention, sampling and the
 * server's per-step overhead); prefill is compute-bound at ~14 GFLOP a token, so even at a third of the
 * H100's dense bf16 peak it processes tens of thousands of tokens a second: 20 000 tokens/s here, on the
 * conservative side; each HTTP request costs a fixed ~5 ms (JSON, tokenizer, scheduling). With prefix
 * caching (vLLM's default) the prompt prefix that the n candidates of a scoring request share is prefilled
 * once; without it (what the docs recommend for bit-reproducible scores) every prompt is prefilled in full.
 * Each figure can be set with a system property (see {@link #fromSystemProperties()}).
 *
 * @param overhead fixed cost of a request
 * @param prefillTokensPerSecond prompt tokens processed a second
 * @param decodeStep cost of one decode step (shared by the sequences of one request)
 * @param prefixCaching whether a request's shared prompt prefix is prefilled once
 */
public record GpuLatencyModel(Duration overhead, double prefillTokensPerSecond, Duration decodeStep,
        boolean prefixCaching) {

    /** A 7B model on one H100 (see the class comment). */
    public static final GpuLatencyModel H100_7B = new GpuLatencyModel(Duration.ofMillis(5), 20_000, Duration.ofMillis(20),
            true);

    /**
     * {@link #H100_7B}, with {@code gsi.bench.gpu.overhead-ms}, {@code gsi.bench.gpu.prefill-tokens-per-second},
     * {@code gsi.bench.gpu.decode-step-ms} and {@code gsi.bench.gpu.prefix-caching} taken from system properties
     * when set.
     */
    public static GpuLatencyModel fromSystemProperties() {
        return new GpuLatencyModel(
                Duration.ofNanos((long) (Double.parseDouble(System.getProperty("gsi.bench.gpu.overhead-ms",
                        String.valueOf(H100_7B.overhead.toNanos() / 1e6))) * 1e6)),
                Double.parseDouble(System.getProperty("gsi.bench.gpu.prefill-tokens-per-second",
                        String.valueOf(H100_7B.prefillTokensPerSecond))),
                Duration.ofNanos((long) (Double.parseDouble(System.getProperty("gsi.bench.gpu.decode-step-ms",
                        String.valueOf(H100_7B.decodeStep.toNanos() / 1e6))) * 1e6)),
                Boolean.parseBoolean(System.getProperty("gsi.bench.gpu.prefix-caching",
                        String.valueOf(H100_7B.prefixCaching))));
    }

    /** The modelled time of a request that prefills {@code promptTokens} and then runs {@code decodeSteps}. */
    public long nanos(long promptTokens, long decodeSteps) {
        return overhead.toNanos() + (long) (promptTokens / prefillTokensPerSecond * 1e9) + decodeSteps * decodeStep.toNanos();
    }

    @Override
    public String toString() {
        return String.format("overhead %d ms, prefill %.0f tokens/s, decode step %d ms, prefix caching %s",
                overhead.toMillis(), prefillTokensPerSecond, decodeStep.toMillis(), prefixCaching ? "on" : "off");
    }
}
