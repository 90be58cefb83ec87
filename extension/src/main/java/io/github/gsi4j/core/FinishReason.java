package io.github.gsi4j.core;

/** Why decoding stopped. */
public enum FinishReason {
    /** The accepted step ended with the model's end-of-sequence token. */
    END_OF_SEQUENCE,
    /** The output contained a configured stop sequence (the output is cut before it). */
    STOP_SEQUENCE,
    /** The output contained a complete {@code \boxed{...}} and the math stop is on. */
    MATH_ANSWER,
    /** The step limit was reached. */
    MAX_STEPS,
    /** The output token budget, or the room left in the context window, was used up. */
    MAX_TOKENS,
    /**
     * A step's best reward was below {@link GsiOptions#minReward()} with {@link MinRewardAction#STOP}: the
     * answer ends before that step.
     */
    MIN_REWARD
}
