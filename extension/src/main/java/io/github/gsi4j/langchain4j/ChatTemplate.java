package io.github.gsi4j.langchain4j;

import java.nio.file.Path;
import java.util.List;

import dev.langchain4j.data.message.ChatMessage;
import io.github.gsi4j.jlama.ChatPrompts;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.tokenizer.ChatTokenizer;
import io.github.gsi4j.vllm.VllmTokenizer;

/**
 * Turns chat messages into the prompt's token ids (the draft and base model's shared tokenizer and
 * chat template) and knows the context window the prompt and output must fit in. The implementations here
 * render and encode exactly as Hugging Face's {@code apply_chat_template(..., add_generation_prompt=True)},
 * with message content as data (see {@link ChatTokenizer}).
 */
public interface ChatTemplate {

    /** The prompt token ids for {@code messages}, ready for the assistant's answer. */
    int[] encode(List<ChatMessage> messages);

    /** The most tokens prompt and output together may have. */
    int contextLength();

    /**
     * At least how many tokens {@code messages} will have once encoded, counted only until {@code limit}, with
     * work bounded by the limit rather than by the messages' length; 0 when this template cannot tell (the
     * default), in which case only the encoded prompt is checked.
     */
    default long tokensAtLeast(List<ChatMessage> messages, long limit) {
        return 0;
    }

    /** The chat template of a Jlama model (its own Jinja template from {@code tokenizer_config.json}). */
    static ChatTemplate of(JlamaModel model) {
        return of(model.tokenizer(), model.contextLength());
    }

    /**
     * The chat template of a tokenizer folder: {@code tokenizer.json} and {@code tokenizer_config.json}
     * (and {@code chat_template.jinja} if the model has one), without weights; for a draft served by vLLM.
     *
     * @param contextLength the draft's context window
     * @throws IllegalArgumentException naming the folder when its files are missing, unreadable or unsupported
     */
    static ChatTemplate of(Path tokenizerFolder, int contextLength) {
        return of(ChatTokenizer.load(tokenizerFolder), contextLength);
    }

    /** The chat template of a loaded tokenizer folder. */
    static ChatTemplate of(ChatTokenizer tokenizer, int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("contextLength must be at least 2, was " + contextLength);
        }
        return new ChatTemplate() {
            @Override
            public int[] encode(List<ChatMessage> messages) {
                return ChatPrompts.encode(tokenizer, messages, contextLength);
            }

            @Override
            public int contextLength() {
                return contextLength;
            }

            @Override
            public long tokensAtLeast(List<ChatMessage> messages, long limit) {
                return PromptLength.atLeast(messages, limit, text -> tokenizer.encode(text).length,
                        tokenizer.tokenizer().longestTokenBytes());
            }

            @Override
            public String toString() {
                return "ChatTemplate[" + tokenizer.folder().getFileName() + "]";
            }
        };
    }

    /**
     * The chat template of the model a vLLM server serves, applied by the server ({@code POST /tokenize} with
     * the messages and the generation prompt): for a draft that has no tokenizer in the application.
     *
     * @param contextLength the most tokens prompt and output together may have (the smallest context window of
     *        the models, e.g. their {@code max_model_len})
     */
    static ChatTemplate of(VllmTokenizer server, int contextLength) {
        return new ServerChatTemplate(server, contextLength);
    }
}
