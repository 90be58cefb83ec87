package io.github.gsi4j.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code added_tokens} of {@code tokenizer.json}, found in text as Hugging Face finds them: leftmost,
 * then longest, with the {@code lstrip}, {@code rstrip} and {@code single_word} flags. Tokens marked
 * {@code normalized} are looked for in the normalized text, the others in the raw text.
 *
 * <p>
 * Characters flagged as <em>data</em> (message content) never form an added token: a token whose span
 * has a data character is not matched there, so typed control tokens stay text. This is stricter than
 * Hugging Face's {@code split_special_tokens=True}, which still matches added tokens not marked special:
 * DeepSeek-V3's {@code <｜User｜>} and {@code <｜Assistant｜>} are such tokens, so a user could forge a turn.
 */
final class AddedTokens {

    /** One added token. */
    record Token(int id, String content, boolean special, boolean normalized, boolean lstrip, boolean rstrip,
            boolean singleWord) {
    }

    /** A match: [start, end) in the text, and the token. */
    record Match(int start, int end, Token token) {
    }

    private static final class Node {
        final Map<Character, Node> next = new HashMap<>(4);
        Token token;
    }

    private final Node raw = new Node();
    private final Node normalized = new Node();
    private final List<Token> tokens = new ArrayList<>();
    private final java.util.Set<Integer> ids = new java.util.HashSet<>();
    private boolean hasNormalized;

    AddedTokens(JsonNode addedTokens) {
        for (JsonNode t : addedTokens) {
            Token token = new Token(t.path("id").asInt(), t.path("content").asText(), t.path("special").asBoolean(false),
                    t.path("normalized").asBoolean(!t.path("special").asBoolean(false)), t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false), t.path("single_word").asBoolean(false));
            if (token.content().isEmpty()) {
                continue;
            }
            tokens.add(token);
            ids.add(token.id());
            hasNormalized |= token.normalized();
            Node n = token.normalized() ? normalized : raw;
            for (char c : token.content().toCharArray()) {
                n = n.next.computeIfAbsent(c, k -> new Node());
            }
            n.token = token;
        }
    }

    boolean isAdded(int id) {
        return ids.contains(id);
    }

    List<Token> tokens() {
        return tokens;
    }

    /** Whether some added tokens are looked for in normalized text. */
    boolean hasNormalized() {
        return hasNormalized;
    }

    /** The matches of the raw-text (or, with {@code inNormalized}, the normalized-text) tokens in {@code text}. */
    List<Match> find(String text, BitSet data, boolean inNormalized) {
        Node root = inNormalized ? normalized : raw;
        List<Match> out = new ArrayList<>();
        if (root.next.isEmpty()) {
            return out;
        }
        int floor = 0; // end of the previous match
        for (int i = 0; i < text.length(); i++) {
            Node n = root.next.get(text.charAt(i));
            if (n == null) {
                continue;
            }
            Token best = null;
            int bestEnd = -1;
            for (int j = i + 1; n != null; j++) {
                if (n.token != null && allowed(n.token, i, j, text, data)) {
                    best = n.token;
                    bestEnd = j;
                }
                n = j < text.length() ? n.next.get(text.charAt(j)) : null;
            }
            if (best == null) {
                continue;
            }
            int start = i;
            int end = bestEnd;
            if (best.lstrip()) {
                while (start > floor && Utf16.isWhiteSpace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (best.rstrip()) {
                while (end < text.length() && Utf16.isWhiteSpace(text.charAt(end))) {
                    end++;
                }
            }
            out.add(new Match(start, end, best));
            floor = end;
            i = end - 1;
        }
        return out;
    }

    private static boolean allowed(Token t, int start, int end, String text, BitSet data) {
        if (data != null && data.nextSetBit(start) >= 0 && data.nextSetBit(start) < end) {
            return false;
        }
        if (t.singleWord()) {
            boolean before = start == 0 || !isWordChar(text.codePointBefore(start));
            boolean after = end == text.length() || !isWordChar(text.codePointAt(end));
            return before && after;
        }
        return true;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }
}
