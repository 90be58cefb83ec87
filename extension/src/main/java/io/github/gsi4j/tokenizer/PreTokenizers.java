package io.github.gsi4j.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pre-tokenizers of {@code tokenizer.json}, applied as Hugging Face applies them: on the real
 * (normalized) text, each one to every piece the previous one left. {@code ByteLevel} maps each final
 * piece to its byte symbols; {@code Metaspace} replaces spaces by its replacement character.
 */
final class PreTokenizers {

    /** GPT-2's pattern, used by {@code ByteLevel} with {@code use_regex}. */
    static final String GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** One pre-tokenizer: splits (and may rewrite) pieces. */
    interface PreTokenizer {
        /**
         * Appends the pieces of {@code piece} to {@code out}.
         *
         * @param atStart whether the piece starts the whole input (for {@code Metaspace}'s "first" scheme)
         */
        void split(String piece, boolean atStart, List<String> out);

        /** Whether the pieces come out as byte-level symbols. */
        default boolean byteLevel() {
            return false;
        }
    }

    private PreTokenizers() {
    }

    /** The pre-tokenizer of a {@code pre_tokenizer} node; one piece for null. */
    static PreTokenizer of(JsonNode node) {
        if (node == null || node.isNull()) {
            return (piece, atStart, out) -> out.add(piece);
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "Sequence" -> sequence(node);
            case "Split" -> split(node);
            case "ByteLevel" -> byteLevel(node);
            case "Digits" -> regexSplit(Pattern.compile(node.path("individual_digits").asBoolean(false) ? "\\p{N}"
                    : "\\p{N}+"), Behavior.ISOLATED, false);
            case "Metaspace" -> metaspace(node);
            case "Whitespace" -> regexSplit(OnigPattern.compile("\\w+|[^\\w\\s]+"), Behavior.REMOVED, true);
            case "WhitespaceSplit" -> regexSplit(Pattern.compile("[^\\s]+", Pattern.UNICODE_CHARACTER_CLASS),
                    Behavior.REMOVED, true);
            case "Punctuation" -> regexSplit(Pattern.compile("\\p{P}|[!-/:-@\\[-`{-~]"), behavior(node), false);
            default -> throw new IllegalArgumentException("unsupported pre_tokenizer type '" + type + "'");
        };
    }

    private static PreTokenizer sequence(JsonNode node) {
        List<PreTokenizer> steps = new ArrayList<>();
        for (JsonNode n : node.path("pretokenizers")) {
            steps.add(of(n));
        }
        boolean byteLevel = steps.stream().anyMatch(PreTokenizer::byteLevel);
        return new PreTokenizer() {
            @Override
            public void split(String piece, boolean atStart, List<String> out) {
                List<String> pieces = List.of(piece);
                for (PreTokenizer step : steps) {
                    List<String> next = new ArrayList<>(pieces.size() * 2);
                    for (int i = 0; i < pieces.size(); i++) {
                        step.split(pieces.get(i), atStart && i == 0, next);
                    }
                    pieces = next;
                }
                out.addAll(pieces);
            }

            @Override
            public boolean byteLevel() {
                return byteLevel;
            }
        };
    }

    private static PreTokenizer split(JsonNode node) {
        JsonNode p = node.path("pattern");
        Pattern pattern = p.has("String") ? Pattern.compile(Pattern.quote(p.get("String").asText()))
                : OnigPattern.compile(p.path("Regex").asText());
        return regexSplit(pattern, behavior(node), node.path("invert").asBoolean(false));
    }

    private static Behavior behavior(JsonNode node) {
        String b = node.path("behavior").asText("Isolated");
        return switch (b) {
            case "Removed" -> Behavior.REMOVED;
            case "Isolated" -> Behavior.ISOLATED;
            case "MergedWithPrevious" -> Behavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> Behavior.MERGED_WITH_NEXT;
            case "Contiguous" -> Behavior.CONTIGUOUS;
            default -> throw new IllegalArgumentException("unsupported split behavior '" + b + "'");
        };
    }

    private static PreTokenizer byteLevel(JsonNode node) {
        boolean prefixSpace = node.path("add_prefix_space").asBoolean(false);
        boolean useRegex = node.path("use_regex").asBoolean(true);
        PreTokenizer regex = useRegex ? regexSplit(OnigPattern.compile(GPT2_PATTERN), Behavior.ISOLATED, false) : null;
        return new PreTokenizer() {
            @Override
            public void split(String piece, boolean atStart, List<String> out) {
                String s = prefixSpace && !piece.startsWith(" ") ? " " + piece : piece;
                if (regex == null) {
                    out.add(ByteLevel.symbols(s));
                    return;
                }
                List<String> pieces = new ArrayList<>();
                regex.split(s, atStart, pieces);
                for (String x : pieces) {
                    out.add(ByteLevel.symbols(x));
                }
            }

            @Override
            public boolean byteLevel() {
                return true;
            }
        };
    }

    private static PreTokenizer metaspace(JsonNode node) {
        String replacement = node.path("replacement").asText("\u2581");
        String scheme = node.has("prepend_scheme") ? node.get("prepend_scheme").asText()
                : node.path("add_prefix_space").asBoolean(true) ? "always" : "never";
        boolean split = node.path("split").asBoolean(true);
        PreTokenizer splitter = regexSplit(Pattern.compile(Pattern.quote(replacement)), Behavior.MERGED_WITH_NEXT, false);
        return (piece, atStart, out) -> {
            String s = piece.replace(" ", replacement);
            boolean prepend = switch (scheme) {
                case "always" -> true;
                case "first" -> atStart;
                default -> false;
            };
            if (prepend && !s.startsWith(replacement)) {
                s = replacement + s;
            }
            if (split) {
                splitter.split(s, atStart, out);
            } else {
                out.add(s);
            }
        };
    }

    enum Behavior {
        REMOVED,
        ISOLATED,
        MERGED_WITH_PREVIOUS,
        MERGED_WITH_NEXT,
        CONTIGUOUS
    }

    /** Splits on the matches of {@code pattern} (on what is between them with {@code invert}). */
    static PreTokenizer regexSplit(Pattern pattern, Behavior behavior, boolean invert) {
        return (piece, atStart, out) -> {
            List<int[]> spans = new ArrayList<>(); // start, end, isMatch
            Matcher m = pattern.matcher(piece);
            int prev = 0;
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue;
                }
                if (m.start() > prev) {
                    spans.add(new int[] { prev, m.start(), invert ? 1 : 0 });
                }
                spans.add(new int[] { m.start(), m.end(), invert ? 0 : 1 });
                prev = m.end();
            }
            if (prev < piece.length()) {
                spans.add(new int[] { prev, piece.length(), invert ? 1 : 0 });
            }
            for (int[] s : combine(spans, behavior)) {
                if (s[1] > s[0]) {
                    out.add(piece.substring(s[0], s[1]));
                }
            }
        };
    }

    /** Hugging Face's {@code SplitDelimiterBehavior} over (start, end, isMatch) spans. */
    private static List<int[]> combine(List<int[]> spans, Behavior behavior) {
        List<int[]> out = new ArrayList<>(spans.size());
        switch (behavior) {
            case ISOLATED -> out.addAll(spans);
            case REMOVED -> spans.stream().filter(s -> s[2] == 0).forEach(out::add);
            case MERGED_WITH_PREVIOUS -> {
                boolean previousMatch = false;
                for (int[] s : spans) {
                    if (s[2] == 1 && !previousMatch && !out.isEmpty()) {
                        out.get(out.size() - 1)[1] = s[1];
                    } else {
                        out.add(s.clone());
                    }
                    previousMatch = s[2] == 1;
                }
            }
            case MERGED_WITH_NEXT -> {
                boolean previousMatch = false;
                for (int i = spans.size() - 1; i >= 0; i--) {
                    int[] s = spans.get(i);
                    if (s[2] == 1 && !previousMatch && !out.isEmpty()) {
                        out.get(out.size() - 1)[0] = s[0];
                    } else {
                        out.add(s.clone());
                    }
                    previousMatch = s[2] == 1;
                }
                java.util.Collections.reverse(out);
            }
            case CONTIGUOUS -> {
                boolean previousMatch = false;
                for (int[] s : spans) {
                    if (s[2] == 1 && previousMatch && !out.isEmpty()) {
                        out.get(out.size() - 1)[1] = s[1];
                    } else {
                        out.add(s.clone());
                    }
                    previousMatch = s[2] == 1;
                }
            }
        }
        return out;
    }
}
