package io.github.gsi4j.core;

import java.util.List;

/**
 * The outcome of one decode.
 *
 * @param text the output text (cut before a stop sequence if one was found)
 * @param tokens the output token ids, all accepted steps
 * @param steps the text of each accepted step
 * @param finishReason why decoding stopped
 * @param stats counters and timings of the request
 * @param trace each step's decision when {@link GsiOptions#trace()} was on, else empty
 */
public record GsiResult(String text, int[] tokens, List<String> steps, FinishReason finishReason, GsiStats stats,
        List<StepTrace> trace) {

    public GsiResult {
        steps = List.copyOf(steps);
        trace = List.copyOf(trace);
    }
}
