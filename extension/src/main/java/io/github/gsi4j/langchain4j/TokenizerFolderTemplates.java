package io.github.gsi4j.langchain4j;

import java.nio.file.Path;

/**
 * Makes the chat template of a tokenizer folder ({@code tokenizer.json} and {@code tokenizer_config.json}, no
 * weights): how a draft without a model in the application (a vLLM-served draft) renders its prompts locally
 * instead of asking a server.
 */
@FunctionalInterface
public interface TokenizerFolderTemplates {

    /**
     * The chat template of the tokenizer in {@code folder}.
     *
     * @param contextLength the most tokens prompt and output together may have
     * @throws IllegalArgumentException when the folder has no usable tokenizer or chat template
     */
    ChatTemplate load(Path folder, int contextLength);

    /**
     * The loader of this build: none. Rendering from a tokenizer folder needs an encoder and a chat-template
     * renderer that reproduce Hugging Face's exactly without the model's weights; until the library has them,
     * prompts of a served draft are rendered by a server ({@link ChatTemplate#of(io.github.gsi4j.vllm.VllmTokenizer, int)}).
     */
    static TokenizerFolderTemplates unavailable() {
        return (folder, contextLength) -> {
            throw new UnsupportedOperationException("rendering prompts from a tokenizer folder (" + folder
                    + ") is not available in this version; leave it unset to have the base or draft server render them");
        };
    }
}
