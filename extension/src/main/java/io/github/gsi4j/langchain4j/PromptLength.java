package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.function.ToIntFunction;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

/**
 * Counts a prompt's tokens before it is rendered and encoded, stopping as soon as the count reaches the
 * context window, so that the work spent on a prompt that cannot fit is bounded by the window, not by the
 * prompt's length. The text is encoded in chunks cut just before a single space between two non-space
 * characters: byte-level BPE and SentencePiece tokenizers start a new piece there, so the chunks' token counts
 * add up to the text's. A run of more than {@link #LONG_RUN} characters without such a place is counted by its
 * UTF-16 length divided by the longest token's bytes (a lower bound) instead of being encoded. The count is a
 * lower bound of the rendered prompt's tokens: the chat template only adds tokens.
 */
final class PromptLength {

    /** Characters per encoder call, at most. */
    static final int CHUNK = 2048;
    /** Longer runs without a place to cut are counted by their length, not encoded (BPE's cost grows with a run's square). */
    static final int LONG_RUN = 256;

    private PromptLength() {
    }

    /**
     * At least how many tokens the messages' texts have, counted until {@code limit} is reached.
     *
     * @param encode the number of tokens of plain text (no special tokens)
     * @param longestTokenBytes the UTF-8 length of the vocabulary's longest token
     */
    static long atLeast(List<ChatMessage> messages, long limit, ToIntFunction<String> encode, int longestTokenBytes) {
        long count = 0;
        for (ChatMessage m : messages) {
            if (count >= limit) {
                break;
            }
            count += atLeast(text(m), limit - count, encode, longestTokenBytes);
        }
        return count;
    }

    /** At least how many tokens {@code text} has, counted until {@code limit} is reached. */
    static long atLeast(String text, long limit, ToIntFunction<String> encode, int longestTokenBytes) {
        long count = 0;
        int n = text.length();
        int chunkStart = 0;
        int i = 0;
        while (i < n && count < limit) {
            int j = nextCut(text, i + 1); // the run [i, j) has no place to cut
            if (j - i > LONG_RUN) {
                count += encoded(text, chunkStart, i, encode) + (j - i) / Math.max(1, longestTokenBytes);
                chunkStart = j;
            } else if (j - chunkStart > CHUNK) {
                count += encoded(text, chunkStart, i, encode);
                chunkStart = i;
            }
            i = j;
        }
        if (count < limit) {
            count += encoded(text, chunkStart, i, encode);
        }
        return count;
    }

    private static int encoded(String text, int from, int to, ToIntFunction<String> encode) {
        return from >= to ? 0 : encode.applyAsInt(text.substring(from, to));
    }

    /** The first index at or after {@code from} holding a space between two non-space characters, or the length. */
    private static int nextCut(String text, int from) {
        for (int j = from; j < text.length() - 1; j++) {
            if (text.charAt(j) == ' ' && !Character.isWhitespace(text.charAt(j - 1))
                    && !Character.isWhitespace(text.charAt(j + 1))) {
                return j;
            }
        }
        return text.length();
    }

    private static String text(ChatMessage m) {
        return switch (m) {
            case SystemMessage s -> s.text();
            case UserMessage u -> u.hasSingleText() ? u.singleText() : "";
            case AiMessage a -> a.text() == null ? "" : a.text();
            default -> "";
        };
    }
}
