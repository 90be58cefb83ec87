package io.github.gsi4j.core;

/** What a step does when the base model or the reward model is unavailable. */
public enum FailureMode {
    /** The request fails with the dependency's exception (the default). */
    FAIL,
    /**
     * The step goes on without it and is counted as degraded: without base scores or base samples the
     * step is soft best-of-n on the drafts; without rewards every candidate gets the same reward (0.5).
     */
    DEGRADE
}
