package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.gsi4j.tokenizer.jinja.Node.Expr;
import io.github.gsi4j.tokenizer.jinja.Token.Kind;

/**
 * Parses Jinja expressions with Jinja2's precedence, lowest first: {@code x if c else y}, {@code or},
 * {@code and}, {@code not}, comparisons and {@code in}, {@code + -}, {@code ~}, {@code * / // %},
 * {@code **}, unary {@code -}, then a primary with its postfixes ({@code .name}, {@code [key]},
 * {@code [a:b:c]}, calls) and its filters and tests ({@code | f}, {@code is t}), which bind tightest:
 * {@code messages|length - 1} is {@code (messages|length) - 1}.
 */
final class ExpressionParser {

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");
    private static final Set<String> NOT_A_TEST_ARGUMENT = Set.of("else", "or", "and");

    private final TokenStream in;

    ExpressionParser(TokenStream in) {
        this.in = in;
    }

    Expr expression() {
        int line = in.peek().line();
        Expr e = or();
        while (in.peek().isName("if")) {
            in.next();
            Expr test = or();
            Expr otherwise = null;
            if (in.peek().isName("else")) {
                in.next();
                otherwise = expression();
            }
            e = new Expr.Conditional(test, e, otherwise, line);
        }
        return e;
    }

    /** An expression without a top-level conditional (a for loop's iterable and filter). */
    Expr withoutConditional() {
        return or();
    }

    private Expr or() {
        Expr e = and();
        while (in.peek().isName("or")) {
            int line = in.next().line();
            e = new Expr.Or(e, and(), line);
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (in.peek().isName("and")) {
            int line = in.next().line();
            e = new Expr.And(e, not(), line);
        }
        return e;
    }

    private Expr not() {
        if (in.peek().isName("not")) {
            int line = in.next().line();
            return new Expr.Not(not(), line);
        }
        return compare();
    }

    private Expr compare() {
        Expr left = math1();
        Expr result = null;
        while (true) {
            Token t = in.peek();
            String op;
            if (t.kind() == Kind.OPERATOR && COMPARISONS.contains(t.text())) {
                op = t.text();
                in.next();
            } else if (t.isName("in")) {
                op = "in";
                in.next();
            } else if (t.isName("not") && in.peek(1).isName("in")) {
                op = "not in";
                in.next();
                in.next();
            } else {
                return result == null ? left : result;
            }
            Expr right = math1();
            Expr cmp = new Expr.Binary(op, left, right, t.line());
            result = result == null ? cmp : new Expr.And(result, cmp, t.line()); // a < b < c
            left = right;
        }
    }

    private Expr math1() {
        Expr e = concat();
        while (in.peek().isOp("+") || in.peek().isOp("-")) {
            Token op = in.next();
            e = new Expr.Binary(op.text(), e, concat(), op.line());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (in.peek().isOp("~")) {
            Token op = in.next();
            e = new Expr.Binary("~", e, math2(), op.line());
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (in.peek().isOp("*") || in.peek().isOp("/") || in.peek().isOp("//") || in.peek().isOp("%")) {
            Token op = in.next();
            e = new Expr.Binary(op.text(), e, pow(), op.line());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (in.peek().isOp("**")) {
            Token op = in.next();
            e = new Expr.Binary("**", e, unary(true), op.line());
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Token t = in.peek();
        Expr e;
        if (t.isOp("-") || t.isOp("+")) {
            in.next();
            e = new Expr.Unary(t.text(), unary(false), t.line());
        } else {
            e = primary();
        }
        e = postfix(e);
        return withFilter ? filters(e) : e;
    }

    private Expr primary() {
        Token t = in.next();
        int line = t.line();
        switch (t.kind()) {
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Literal(Boolean.TRUE, line);
                    case "false", "False" -> new Expr.Literal(Boolean.FALSE, line);
                    case "none", "None" -> new Expr.Literal(null, line);
                    default -> new Expr.Name(t.text(), line);
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder(t.text());
                while (in.peek().kind() == Kind.STRING) {
                    sb.append(in.next().text());
                }
                return new Expr.Literal(Values.str(sb.toString()), line);
            }
            case INTEGER -> {
                return new Expr.Literal(Long.parseLong(t.text()), line);
            }
            case FLOAT -> {
                return new Expr.Literal(Double.parseDouble(t.text()), line);
            }
            case OPERATOR -> {
                switch (t.text()) {
                    case "(" -> {
                        if (in.acceptOp(")")) {
                            return new Expr.ListLiteral(List.of(), line);
                        }
                        Expr e = expression();
                        if (in.peek().isOp(",")) {
                            List<Expr> items = new ArrayList<>(List.of(e));
                            while (in.acceptOp(",") && !in.peek().isOp(")")) {
                                items.add(expression());
                            }
                            e = new Expr.ListLiteral(items, line);
                        }
                        in.expectOp(")");
                        return e;
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!in.acceptOp("]")) {
                            items.add(expression());
                            if (!in.acceptOp(",")) {
                                in.expectOp("]");
                                break;
                            }
                        }
                        return new Expr.ListLiteral(items, line);
                    }
                    case "{" -> {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!in.acceptOp("}")) {
                            keys.add(expression());
                            in.expectOp(":");
                            values.add(expression());
                            if (!in.acceptOp(",")) {
                                in.expectOp("}");
                                break;
                            }
                        }
                        return new Expr.DictLiteral(keys, values, line);
                    }
                    default -> {
                    }
                }
            }
            default -> {
            }
        }
        throw new TemplateException("unexpected " + TokenStream.describe(t) + " in an expression", line);
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = in.peek();
            if (t.isOp(".")) {
                in.next();
                Token name = in.next();
                if (name.kind() == Kind.NAME) {
                    e = new Expr.GetAttr(e, name.text(), t.line());
                } else if (name.kind() == Kind.INTEGER) {
                    e = new Expr.GetItem(e, new Expr.Literal(Long.parseLong(name.text()), t.line()), t.line());
                } else {
                    throw new TemplateException("expected an attribute name after '.'", t.line());
                }
            } else if (t.isOp("[")) {
                in.next();
                e = subscript(e, t.line());
            } else if (t.isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private Expr subscript(Expr target, int line) {
        Expr start = in.peek().isOp(":") ? null : expression();
        if (!in.acceptOp(":")) {
            in.expectOp("]");
            return new Expr.GetItem(target, start, line);
        }
        Expr stop = in.peek().isOp(":") || in.peek().isOp("]") ? null : expression();
        Expr step = null;
        if (in.acceptOp(":") && !in.peek().isOp("]")) {
            step = expression();
        }
        in.expectOp("]");
        return new Expr.Slice(target, start, stop, step, line);
    }

    private Expr filters(Expr e) {
        while (true) {
            Token t = in.peek();
            if (t.isOp("|")) {
                in.next();
                e = filter(e);
            } else if (t.isName("is")) {
                in.next();
                e = test(e, t.line());
            } else if (t.isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    /** A filter name with its arguments, applied to {@code value}. */
    Expr.Filter filter(Expr value) {
        Token name = in.expect(Kind.NAME, "a filter name");
        String n = name.text();
        while (in.acceptOp(".")) {
            n += "." + in.expect(Kind.NAME, "a filter name").text();
        }
        Args a = in.peek().isOp("(") ? args() : new Args();
        return new Expr.Filter(value, n, a.positional, a.keywords, a.keywordValues, name.line());
    }

    private Expr test(Expr value, int line) {
        boolean negated = false;
        if (in.peek().isName("not")) {
            in.next();
            negated = true;
        }
        String name = in.expect(Kind.NAME, "a test name").text();
        List<Expr> args = List.of();
        Token t = in.peek();
        if (t.isOp("(")) {
            args = args().positional;
        } else if ((t.kind() == Kind.NAME && !NOT_A_TEST_ARGUMENT.contains(t.text())) || t.kind() == Kind.STRING
                || t.kind() == Kind.INTEGER || t.kind() == Kind.FLOAT || t.isOp("[") || t.isOp("{")) {
            args = List.of(postfix(primary()));
        }
        return new Expr.Test(value, name, args, negated, line);
    }

    private Expr call(Expr target) {
        int line = in.peek().line();
        Args a = args();
        return new Expr.Call(target, a.positional, a.keywords, a.keywordValues, line);
    }

    private static final class Args {
        final List<Expr> positional = new ArrayList<>();
        final List<String> keywords = new ArrayList<>();
        final List<Expr> keywordValues = new ArrayList<>();
    }

    private Args args() {
        in.expectOp("(");
        Args a = new Args();
        while (!in.acceptOp(")")) {
            if (in.peek().kind() == Kind.NAME && in.peek(1).isOp("=")) {
                a.keywords.add(in.next().text());
                in.next();
                a.keywordValues.add(expression());
            } else {
                a.positional.add(expression());
            }
            if (!in.acceptOp(",")) {
                in.expectOp(")");
                break;
            }
        }
        return a;
    }
}
