package io.github.gsi4j.core;

import java.util.List;
import java.util.Objects;

/**
 * What a reward scorer sees besides the candidates: the user's question, the steps accepted so far
 * (text), and the prompt's token ids.
 *
 * @param question the user's question (for chat requests: the last user message)
 * @param previousSteps the text of each step accepted before the candidates, in order
 * @param promptTokens the rendered prompt's token ids; not to be modified
 */
public record RewardContext(String question, List<String> previousSteps, int[] promptTokens) {

    public RewardContext {
        Objects.requireNonNull(question, "question");
        previousSteps = List.copyOf(previousSteps);
        Objects.requireNonNull(promptTokens, "promptTokens");
    }

    /** The accepted steps concatenated: the partial solution the candidates continue. */
    public String partialSolution() {
        return String.join("", previousSteps);
    }
}
