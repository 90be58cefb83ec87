package io.github.gsi4j.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The normalizers of {@code tokenizer.json} that generative models use: the Unicode normal forms,
 * {@code Lowercase}, {@code Prepend}, {@code Replace}, {@code Strip}, {@code StripAccents} and
 * {@code Sequence}. Hugging Face applies the normalizer to each piece of text between added tokens.
 */
final class Normalizers {

    private Normalizers() {
    }

    /** The normalizer of a {@code normalizer} node; identity for null. */
    static UnaryOperator<String> of(JsonNode node) {
        if (node == null || node.isNull()) {
            return UnaryOperator.identity();
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "NFC" -> s -> Normalizer.normalize(s, Normalizer.Form.NFC);
            case "NFD" -> s -> Normalizer.normalize(s, Normalizer.Form.NFD);
            case "NFKC" -> s -> Normalizer.normalize(s, Normalizer.Form.NFKC);
            case "NFKD" -> s -> Normalizer.normalize(s, Normalizer.Form.NFKD);
            case "Lowercase" -> s -> s.toLowerCase(Locale.ROOT);
            case "Prepend" -> {
                String prepend = node.path("prepend").asText();
                yield s -> s.isEmpty() ? s : prepend + s;
            }
            case "Replace" -> replace(node);
            case "Strip" -> {
                boolean left = node.path("strip_left").asBoolean(false);
                boolean right = node.path("strip_right").asBoolean(false);
                yield s -> strip(s, left, right);
            }
            case "StripAccents" -> s -> Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{Mn}", "");
            case "Sequence" -> {
                List<UnaryOperator<String>> steps = new ArrayList<>();
                for (JsonNode n : node.path("normalizers")) {
                    steps.add(of(n));
                }
                yield s -> {
                    for (UnaryOperator<String> step : steps) {
                        s = step.apply(s);
                    }
                    return s;
                };
            }
            default -> throw new IllegalArgumentException("unsupported normalizer type '" + type + "'");
        };
    }

    /** Whether {@code node} normalizes nothing (null, or an empty sequence). */
    static boolean isIdentity(JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (node.path("type").asText().equals("Sequence")) {
            for (JsonNode n : node.path("normalizers")) {
                if (!isIdentity(n)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static UnaryOperator<String> replace(JsonNode node) {
        JsonNode pattern = node.path("pattern");
        String content = node.path("content").asText();
        if (pattern.has("String")) {
            String literal = pattern.get("String").asText();
            return s -> s.replace(literal, content);
        }
        Pattern regex = OnigPattern.compile(pattern.path("Regex").asText());
        String replacement = Matcher.quoteReplacement(content);
        return s -> regex.matcher(s).replaceAll(replacement);
    }

    private static String strip(String s, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && Utf16.isWhiteSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (right && end > start && Utf16.isWhiteSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }
}
