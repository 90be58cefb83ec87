package io.github.gsi4j.tokenizer.jinja;

import java.util.List;

import io.github.gsi4j.tokenizer.jinja.Token.Kind;

/** A cursor over the tokens of a template. */
final class TokenStream {

    private final List<Token> tokens;
    private int pos;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    Token expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw new TemplateException("expected " + what + ", found " + describe(t), t.line());
        }
        return t;
    }

    void expectOp(String op) {
        Token t = next();
        if (!t.isOp(op)) {
            throw new TemplateException("expected '" + op + "', found " + describe(t), t.line());
        }
    }

    boolean acceptOp(String op) {
        if (peek().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "the end of the template";
            case VAR_END -> "'}}'";
            case BLOCK_END -> "'%}'";
            case STRING -> "a string";
            default -> "'" + t.text() + "'";
        };
    }
}
