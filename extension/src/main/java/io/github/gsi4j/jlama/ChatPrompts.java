package io.github.gsi4j.jlama;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.tokenizer.ChatTokenizer;
import io.github.gsi4j.tokenizer.ChatTurn;

/**
 * LangChain4j chat messages as prompt ids, through a model folder's own tokenizer and chat template
 * ({@link ChatTokenizer}): system, user and AI text messages become {@code system}, {@code user} and
 * {@code assistant} turns, whose content is data (never evaluated, typed control tokens stay text).
 */
public final class ChatPrompts {

    private ChatPrompts() {
    }

    /**
     * The turns of {@code messages}.
     *
     * @throws IllegalArgumentException for an empty list, or messages other than system, user and AI text
     */
    public static List<ChatTurn> turns(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        List<ChatTurn> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            out.add(switch (m) {
                case SystemMessage s -> ChatTurn.system(s.text());
                case UserMessage u when u.hasSingleText() -> ChatTurn.user(u.singleText());
                case AiMessage a -> ChatTurn.assistant(a.text() == null ? "" : a.text());
                default -> throw new IllegalArgumentException("Chat rendering supports system, user and AI text "
                        + "messages, not " + m.type() + (m instanceof UserMessage ? " with non-text contents" : ""));
            });
        }
        return out;
    }

    /**
     * The prompt ids of {@code messages}, ready for the assistant's answer, after refusing (before any
     * encoding) messages that cannot fit {@code contextLength} whatever the tokenization: a text of B UTF-16
     * units has at least B / (longest token's bytes) tokens.
     *
     * @throws IllegalArgumentException as {@link #turns}, for a prompt that cannot fit, or a failing template
     */
    public static int[] encode(ChatTokenizer tokenizer, List<ChatMessage> messages, int contextLength) {
        List<ChatTurn> turns = turns(messages);
        long units = 0;
        for (ChatTurn t : turns) {
            units += t.content().length(); // a UTF-16 unit is at least one UTF-8 byte
        }
        long atLeast = units / tokenizer.tokenizer().longestTokenBytes();
        if (atLeast >= contextLength) {
            throw new IllegalArgumentException("The prompt has at least " + atLeast + " tokens: it does not fit the "
                    + "context window of " + contextLength + " tokens of model " + tokenizer.folder().getFileName());
        }
        return tokenizer.encodeChat(turns);
    }
}
