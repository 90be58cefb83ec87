package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.List;

import io.github.gsi4j.tokenizer.jinja.Token.Kind;

/**
 * Splits a Jinja template into tokens the way Jinja2 does with the options Hugging Face's
 * {@code apply_chat_template} uses ({@code trim_blocks=True, lstrip_blocks=True}): a {@code -} inside a
 * delimiter strips the whitespace on that side; the first newline after a block tag or comment is dropped;
 * spaces and tabs from the start of a line up to a block tag or comment are dropped (unless {@code {%+});
 * comments vanish; {@code {% raw %}} text is kept as it is.
 */
final class Lexer {

    private static final String[] OPERATORS = { "//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~",
            "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|" };

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private int line = 1;
    /** Whether the last tag end left us at the start of a line (Jinja2's {@code line_starting}). */
    private boolean lineStarting = true;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        Lexer l = new Lexer(src);
        l.run();
        return l.out;
    }

    private void run() {
        while (pos < src.length()) {
            int open = nextOpen(pos);
            if (open < 0) {
                text(src.substring(pos), line);
                countLines(src.substring(pos));
                pos = src.length();
                break;
            }
            String text = src.substring(pos, open);
            int textLine = line;
            countLines(text);
            char kind = src.charAt(open + 1);
            char sign = open + 2 < src.length() ? src.charAt(open + 2) : 0;
            if (sign == '-') {
                text = Strings.rstripWhitespace(text);
            } else if (sign != '+' && kind != '{') {
                text = lstripBlock(text);
            }
            text(text, textLine);
            pos = open + 2 + (sign == '-' || sign == '+' ? 1 : 0);
            switch (kind) {
                case '#' -> comment();
                case '{' -> expression(Kind.VAR_BEGIN, Kind.VAR_END, '}');
                default -> {
                    if (startsWord(skipSpaces(pos), "raw")) {
                        raw();
                    } else {
                        expression(Kind.BLOCK_BEGIN, Kind.BLOCK_END, '%');
                    }
                }
            }
        }
        out.add(new Token(Kind.EOF, "", line));
    }

    /** lstrip_blocks: drops the spaces between the start of the line and a block tag. */
    private String lstripBlock(String text) {
        int l = text.lastIndexOf('\n') + 1;
        if ((l > 0 || lineStarting) && l < text.length() && Strings.isAllWhitespace(text, l)) {
            return text.substring(0, l);
        }
        return text;
    }

    private void text(String text, int textLine) {
        if (!text.isEmpty()) {
            out.add(new Token(Kind.TEXT, text, textLine));
        }
    }

    private int nextOpen(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /**
     * After a tag's closing delimiter at {@code pos}: {@code -} consumes the whitespace that follows;
     * trim_blocks consumes one newline after a block tag or comment ({@code +} keeps it).
     */
    private void afterTag(boolean minus, boolean plus, boolean block) {
        if (minus) {
            int start = pos;
            while (pos < src.length() && Strings.isWhitespace(src.charAt(pos))) {
                pos++;
            }
            countLines(src.substring(start, pos));
            lineStarting = pos > start && src.charAt(pos - 1) == '\n';
        } else if (block && !plus && pos < src.length() && src.charAt(pos) == '\n') {
            pos++;
            line++;
            lineStarting = true;
        } else {
            lineStarting = false;
        }
    }

    private void comment() {
        int close = src.indexOf("#}", pos);
        if (close < 0) {
            throw new TemplateException("unclosed comment", line);
        }
        countLines(src.substring(pos, close));
        boolean minus = close > pos && src.charAt(close - 1) == '-';
        boolean plus = close > pos && src.charAt(close - 1) == '+';
        pos = close + 2;
        afterTag(minus, plus, true);
    }

    private boolean startsWord(int i, String word) {
        return src.startsWith(word, i) && (i + word.length() >= src.length()
                || !Character.isLetterOrDigit(src.charAt(i + word.length())));
    }

    private void raw() {
        int close = src.indexOf("%}", pos);
        if (close < 0) {
            throw new TemplateException("unclosed raw tag", line);
        }
        boolean minus = src.charAt(close - 1) == '-';
        countLines(src.substring(pos, close));
        pos = close + 2;
        afterTag(minus, false, false);
        for (int i = pos;;) {
            int open = src.indexOf("{%", i);
            if (open < 0) {
                throw new TemplateException("unclosed raw block", line);
            }
            char sign = open + 2 < src.length() ? src.charAt(open + 2) : 0;
            int j = skipSpaces(open + 2 + (sign == '-' || sign == '+' ? 1 : 0));
            if (!startsWord(j, "endraw")) {
                i = open + 2;
                continue;
            }
            String text = src.substring(pos, open);
            text(sign == '-' ? Strings.rstripWhitespace(text) : text, line);
            countLines(text);
            int end = src.indexOf("%}", j);
            if (end < 0) {
                throw new TemplateException("unclosed endraw tag", line);
            }
            boolean endMinus = src.charAt(end - 1) == '-';
            boolean endPlus = src.charAt(end - 1) == '+';
            countLines(src.substring(open, end));
            pos = end + 2;
            afterTag(endMinus, endPlus, true);
            return;
        }
    }

    private int skipSpaces(int i) {
        while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    private void expression(Kind begin, Kind end, char closer) {
        out.add(new Token(begin, "", line));
        int depth = 0;
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                if (src.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
            if (pos >= src.length()) {
                throw new TemplateException("unclosed tag", line);
            }
            char c0 = src.charAt(pos);
            boolean signed = (c0 == '-' || c0 == '+') && src.startsWith(closer + "}", pos + 1);
            if (depth == 0 && (src.startsWith(closer + "}", pos) || signed)) {
                pos += signed ? 3 : 2;
                out.add(new Token(end, "", line));
                afterTag(signed && c0 == '-', signed && c0 == '+', end == Kind.BLOCK_END);
                return;
            }
            char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                string(c);
            } else if (Character.isDigit(c)) {
                number();
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                out.add(new Token(Kind.NAME, src.substring(start, pos), line));
            } else {
                String op = operator();
                depth += op.equals("{") || op.equals("[") || op.equals("(") ? 1 : 0;
                depth -= op.equals("}") || op.equals("]") || op.equals(")") ? 1 : 0;
                out.add(new Token(Kind.OPERATOR, op, line));
            }
        }
    }

    private String operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        throw new TemplateException("unexpected character '" + src.charAt(pos) + "'", line);
    }

    private void number() {
        int start = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        boolean isFloat = pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1));
        if (isFloat) {
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            isFloat = true;
            pos++;
            if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
                pos++;
            }
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        out.add(new Token(isFloat ? Kind.FLOAT : Kind.INTEGER, src.substring(start, pos).replace("_", ""), line));
    }

    private void string(char quote) {
        int startLine = line;
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw new TemplateException("unclosed string", startLine);
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\n') {
                line++;
            }
            if (c != '\\' || pos >= src.length()) {
                sb.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'a' -> sb.append('\u0007');
                case '0' -> sb.append('\0');
                case '\\', '\'', '"' -> sb.append(e);
                case '\n' -> line++;
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.append((char) hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                default -> sb.append('\\').append(e);
            }
        }
        out.add(new Token(Kind.STRING, sb.toString(), startLine));
    }

    private int hex(int digits) {
        if (pos + digits > src.length()) {
            throw new TemplateException("truncated escape in a string", line);
        }
        int v = Integer.parseInt(src.substring(pos, pos + digits), 16);
        pos += digits;
        return v;
    }

    private void countLines(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
    }
}
