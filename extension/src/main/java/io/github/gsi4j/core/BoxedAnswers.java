package io.github.gsi4j.core;

import java.util.Optional;

/**
 * Finds {@code \boxed{...}} answers in model output, with balanced braces.
 */
public final class BoxedAnswers {

    private static final String BOXED = "\\boxed{";

    private BoxedAnswers() {
    }

    /** Whether {@code text} contains a complete {@code \boxed{...}} (closing brace present). */
    public static boolean containsComplete(CharSequence text) {
        return last(text.toString()).isPresent();
    }

    /** The content of the last complete {@code \boxed{...}} in {@code text}, if any. */
    public static Optional<String> last(String text) {
        int from = text.length();
        while (true) {
            int start = text.lastIndexOf(BOXED, from);
            if (start < 0) {
                return Optional.empty();
            }
            int open = start + BOXED.length();
            int depth = 1;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return Optional.of(text.substring(open, i));
                }
            }
            if (start == 0) {
                return Optional.empty();
            }
            from = start - 1;
        }
    }
}
