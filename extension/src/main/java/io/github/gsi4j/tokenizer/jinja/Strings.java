package io.github.gsi4j.tokenizer.jinja;

/** Python's notion of whitespace ({@code str.isspace}, {@code str.strip()} without arguments). */
final class Strings {

    private Strings() {
    }

    /** Python's {@code str.isspace()} for one character: White_Space, plus the separators U+001C–U+001F. */
    static boolean isWhitespace(int c) {
        return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }

    static boolean isAllWhitespace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String rstripWhitespace(String s) {
        int i = s.length();
        while (i > 0 && isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }
}
