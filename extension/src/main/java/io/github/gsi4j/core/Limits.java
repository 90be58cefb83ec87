package io.github.gsi4j.core;

import java.util.List;

/**
 * How long an answer may be and where it ends: part of {@link GsiOptions}, set with its builder.
 *
 * @param maxStepTokens the most tokens one step may have; default 512
 * @param maxSteps the most steps one response may have; default 45
 * @param maxTokens the most output tokens across all steps; default unlimited ({@link Integer#MAX_VALUE})
 * @param contextLength the most tokens prompt and output together may have (the smallest context window of
 *        the models, e.g. a vLLM server's {@code max_model_len}); default unlimited. Each step's token budget
 *        is capped so that the context plus the step leaves one token free (scoring on vLLM may ask for one),
 *        and decoding ends with {@link FinishReason#MAX_TOKENS} when no room is left.
 * @param stopSequences decoding stops when the output contains one of these; the output is cut before it
 * @param mathStop whether decoding stops once the output contains a complete {@code \boxed{...}}; default
 *        false
 */
public record Limits(int maxStepTokens, int maxSteps, int maxTokens, int contextLength, List<String> stopSequences,
        boolean mathStop) {
}
