package io.github.gsi4j.tokenizer.jinja;

/** A lexical token of a Jinja template. */
record Token(Kind kind, String text, int line) {

    enum Kind {
        /** Literal template text (after whitespace control). */
        TEXT,
        /** {@code {{} */
        VAR_BEGIN,
        /** {@code }}} */
        VAR_END,
        /** {@code {%} */
        BLOCK_BEGIN,
        /** {@code %}} */
        BLOCK_END,
        NAME,
        STRING,
        INTEGER,
        FLOAT,
        OPERATOR,
        EOF
    }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOp(String t) {
        return is(Kind.OPERATOR, t);
    }

    boolean isName(String t) {
        return is(Kind.NAME, t);
    }
}
