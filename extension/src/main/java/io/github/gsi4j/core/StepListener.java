package io.github.gsi4j.core;

/**
 * Receives each step as soon as it is accepted, on the decoding thread (used for streaming).
 */
@FunctionalInterface
public interface StepListener {

    /** A listener that ignores every step. */
    StepListener NONE = (index, text, fromDraft) -> {
    };

    /**
     * Called once per accepted step, in order.
     *
     * @param index the step's index, from 0
     * @param text the step's visible text (cut before a stop sequence; may be empty)
     * @param fromDraft whether the step is a draft (false: a fallback base sample)
     */
    void onStep(int index, String text, boolean fromDraft);
}
