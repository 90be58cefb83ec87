package io.github.gsi4j.tokenizer;

import java.util.regex.Pattern;

/**
 * Compiles the regular expressions of {@code tokenizer.json} (written for Oniguruma, the engine of Hugging
 * Face's Rust tokenizer) as Java patterns with the same Unicode semantics: Unicode character classes
 * ({@code \s} is White_Space, so it matches NBSP and U+3000, as Oniguruma's does), Unicode case folding in
 * {@code (?i:...)}, and Oniguruma's meaning of the shorthands that Java reads differently ({@code \w},
 * {@code \d}, {@code \h}).
 */
final class OnigPattern {

    private static final String WORD = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";

    private OnigPattern() {
    }

    static Pattern compile(String onig) {
        return Pattern.compile(translate(onig), Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE);
    }

    /** Rewrites the escapes whose meaning differs between Oniguruma and Java. */
    static String translate(String onig) {
        StringBuilder sb = new StringBuilder(onig.length() + 16);
        int classDepth = 0;
        for (int i = 0; i < onig.length(); i++) {
            char c = onig.charAt(i);
            if (c == '\\' && i + 1 < onig.length()) {
                char e = onig.charAt(++i);
                switch (e) {
                    case 'w' -> sb.append(classDepth > 0 ? WORD : "[" + WORD + "]");
                    case 'W' -> sb.append("[^" + WORD + "]");
                    case 'd' -> sb.append("\\p{Nd}");
                    case 'D' -> sb.append("\\P{Nd}");
                    case 'h' -> sb.append(classDepth > 0 ? "0-9a-fA-F" : "[0-9a-fA-F]");
                    case 'H' -> sb.append("[^0-9a-fA-F]");
                    default -> sb.append('\\').append(e);
                }
            } else {
                if (c == '[') {
                    classDepth++;
                } else if (c == ']' && classDepth > 0) {
                    classDepth--;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
