package io.github.gsi4j.core;

import java.util.Objects;

/**
 * One decode request: the rendered prompt, the question the reward scorer sees, and optional
 * per-request options (null: the decoder's defaults).
 *
 * @param promptTokens the prompt's token ids (chat template applied)
 * @param question the user's question as text, for the reward scorer
 * @param options the options for this request, or null for the decoder's defaults
 */
public record GsiRequest(int[] promptTokens, String question, GsiOptions options) {

    public GsiRequest {
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(question, "question");
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("promptTokens must not be empty");
        }
        promptTokens = promptTokens.clone();
    }

    /** A request with the decoder's default options. */
    public static GsiRequest of(int[] promptTokens, String question) {
        return new GsiRequest(promptTokens, question, null);
    }
}
