package io.github.gsi4j.tokenizer.jinja;

import java.util.List;

/** The syntax tree of a Jinja template: statements and expressions, each with its source line. */
sealed interface Node {

    int line();

    // ---- statements

    /** Literal template text. */
    record Text(String text, int line) implements Node {
    }

    /** {@code {{ expr }}} */
    record Print(Expr expr, int line) implements Node {
    }

    /** {@code {% if %}...{% elif %}...{% else %}...{% endif %}}: parallel tests and bodies, then the else body. */
    record If(List<Expr> tests, List<List<Node>> bodies, List<Node> otherwise, int line) implements Node {
    }

    /** {@code {% for targets in iterable if filter %}...{% else %}...{% endfor %}} */
    record For(List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise, int line)
            implements
                Node {
    }

    /** {@code {% set targets = value %}}, {@code {% set ns.attr = value %}} (attribute non-null). */
    record Set(List<String> targets, String attribute, Expr value, int line) implements Node {
    }

    /** {@code {% set name %}...{% endset %}} */
    record SetBlock(String target, List<Node> body, int line) implements Node {
    }

    /** {@code {% macro name(params) %}...{% endmacro %}}: defaults align with the last parameters. */
    record Macro(String name, List<String> params, List<Expr> defaults, List<Node> body, int line) implements Node {
    }

    /** {@code {% filter name(args) %}...{% endfilter %}} */
    record FilterBlock(Expr.Filter filter, List<Node> body, int line) implements Node {
    }

    /** {@code {% break %}} and {@code {% continue %}} (Jinja's loopcontrols extension). */
    record LoopControl(boolean isBreak, int line) implements Node {
    }

    /** A block whose body just renders ({@code {% generation %}} of Hugging Face's templates). */
    record Block(List<Node> body, int line) implements Node {
    }

    /** An expression. */
    sealed interface Expr extends Node {

        record Literal(Object value, int line) implements Expr {
        }

        record Name(String name, int line) implements Expr {
        }

        record GetAttr(Expr target, String name, int line) implements Expr {
        }

        record GetItem(Expr target, Expr key, int line) implements Expr {
        }

        /** {@code target[start:stop:step]}; missing parts are null. */
        record Slice(Expr target, Expr start, Expr stop, Expr step, int line) implements Expr {
        }

        record Call(Expr target, List<Expr> args, List<String> keywords, List<Expr> keywordValues, int line)
                implements
                    Expr {
        }

        /** {@code value | name(args)}; {@code value} is null inside a filter block. */
        record Filter(Expr value, String name, List<Expr> args, List<String> keywords, List<Expr> keywordValues,
                int line) implements Expr {
        }

        /** {@code value is [not] name(args)} */
        record Test(Expr value, String name, List<Expr> args, boolean negated, int line) implements Expr {
        }

        /** Arithmetic, {@code ~}, comparisons, {@code in} and {@code not in}. */
        record Binary(String op, Expr left, Expr right, int line) implements Expr {
        }

        record Unary(String op, Expr operand, int line) implements Expr {
        }

        record And(Expr left, Expr right, int line) implements Expr {
        }

        record Or(Expr left, Expr right, int line) implements Expr {
        }

        record Not(Expr operand, int line) implements Expr {
        }

        /** {@code then if test else otherwise} ({@code otherwise} may be null). */
        record Conditional(Expr test, Expr then, Expr otherwise, int line) implements Expr {
        }

        record ListLiteral(List<Expr> items, int line) implements Expr {
        }

        record DictLiteral(List<Expr> keys, List<Expr> values, int line) implements Expr {
        }
    }
}
