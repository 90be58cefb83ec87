package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.gsi4j.tokenizer.jinja.Node.Expr;
import io.github.gsi4j.tokenizer.jinja.Token.Kind;

/**
 * Parses the statements of a Jinja template ({@code if}, {@code for}, {@code set}, {@code macro},
 * {@code filter}, {@code raw}, {@code break}, {@code continue}, {@code generation}); expressions are
 * parsed by {@link ExpressionParser}.
 */
final class Parser {

    private final TokenStream in;
    private final ExpressionParser expressions;
    /** The name of the end tag that stopped the last {@link #body}. */
    private String stoppedAt;

    private Parser(List<Token> tokens) {
        this.in = new TokenStream(tokens);
        this.expressions = new ExpressionParser(in);
    }

    static List<Node> parse(String template) {
        Parser p = new Parser(Lexer.tokenize(template));
        List<Node> body = p.body(Set.of());
        if (p.stoppedAt != null) {
            throw new TemplateException("unexpected '" + p.stoppedAt + "' tag", p.in.peek().line());
        }
        return body;
    }

    /** Statements up to one of the {@code end} tags (consumed up to its name) or the end of the template. */
    private List<Node> body(Set<String> end) {
        List<Node> out = new ArrayList<>();
        while (true) {
            Token t = in.next();
            switch (t.kind()) {
                case EOF -> {
                    if (!end.isEmpty()) {
                        throw new TemplateException("missing end tag, expected one of " + end, t.line());
                    }
                    stoppedAt = null;
                    return out;
                }
                case TEXT -> out.add(new Node.Text(t.text(), t.line()));
                case VAR_BEGIN -> {
                    Expr e = expressions.expression();
                    in.expect(Kind.VAR_END, "}}");
                    out.add(new Node.Print(e, t.line()));
                }
                case BLOCK_BEGIN -> {
                    Token name = in.expect(Kind.NAME, "a statement name");
                    if (end.contains(name.text())) {
                        stoppedAt = name.text();
                        return out;
                    }
                    out.add(statement(name));
                }
                default -> throw new TemplateException("unexpected '" + t.text() + "'", t.line());
            }
        }
    }

    private Node statement(Token name) {
        int line = name.line();
        return switch (name.text()) {
            case "if" -> ifStatement(line);
            case "for" -> forStatement(line);
            case "set" -> setStatement(line);
            case "macro" -> macro(line);
            case "filter" -> filterBlock(line);
            case "break", "continue" -> {
                blockEnd();
                yield new Node.LoopControl(name.text().equals("break"), line);
            }
            case "generation" -> {
                blockEnd();
                List<Node> body = body(Set.of("endgeneration"));
                blockEnd();
                yield new Node.Block(body, line);
            }
            default -> throw new TemplateException("unknown statement '" + name.text() + "'", line);
        };
    }

    private void blockEnd() {
        in.expect(Kind.BLOCK_END, "%}");
    }

    private Node ifStatement(int line) {
        List<Expr> tests = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        tests.add(expressions.expression());
        blockEnd();
        while (true) {
            bodies.add(body(Set.of("elif", "else", "endif")));
            switch (stoppedAt) {
                case "elif" -> {
                    tests.add(expressions.expression());
                    blockEnd();
                }
                case "else" -> {
                    blockEnd();
                    List<Node> otherwise = body(Set.of("endif"));
                    blockEnd();
                    return new Node.If(tests, bodies, otherwise, line);
                }
                default -> {
                    blockEnd();
                    return new Node.If(tests, bodies, List.of(), line);
                }
            }
        }
    }

    private Node forStatement(int line) {
        List<String> targets = new ArrayList<>();
        do {
            targets.add(in.expect(Kind.NAME, "a loop variable").text());
        } while (in.acceptOp(","));
        if (!in.next().isName("in")) {
            throw new TemplateException("expected 'in' in for loop", line);
        }
        Expr iterable = expressions.withoutConditional();
        Expr filter = null;
        if (in.peek().isName("if")) {
            in.next();
            filter = expressions.withoutConditional();
        }
        if (in.peek().isName("recursive")) {
            throw new TemplateException("recursive loops are not supported", line);
        }
        blockEnd();
        List<Node> body = body(Set.of("else", "endfor"));
        List<Node> otherwise = List.of();
        if (stoppedAt.equals("else")) {
            blockEnd();
            otherwise = body(Set.of("endfor"));
        }
        blockEnd();
        return new Node.For(targets, iterable, filter, body, otherwise, line);
    }

    private Node setStatement(int line) {
        List<String> targets = new ArrayList<>();
        String first = in.expect(Kind.NAME, "a variable name").text();
        if (in.acceptOp(".")) {
            String attribute = in.expect(Kind.NAME, "an attribute name").text();
            in.expectOp("=");
            Expr value = expressions.expression();
            blockEnd();
            return new Node.Set(List.of(first), attribute, value, line);
        }
        targets.add(first);
        while (in.acceptOp(",")) {
            targets.add(in.expect(Kind.NAME, "a variable name").text());
        }
        if (in.peek().kind() == Kind.BLOCK_END && targets.size() == 1) {
            blockEnd();
            List<Node> body = body(Set.of("endset"));
            blockEnd();
            return new Node.SetBlock(first, body, line);
        }
        in.expectOp("=");
        Expr value = expressions.expression();
        blockEnd();
        return new Node.Set(targets, null, value, line);
    }

    private Node macro(int line) {
        String name = in.expect(Kind.NAME, "a macro name").text();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        in.expectOp("(");
        if (!in.acceptOp(")")) {
            do {
                params.add(in.expect(Kind.NAME, "a parameter name").text());
                if (in.acceptOp("=")) {
                    defaults.add(expressions.expression());
                } else if (!defaults.isEmpty()) {
                    throw new TemplateException("a parameter without default follows one with a default", line);
                }
            } while (in.acceptOp(","));
            in.expectOp(")");
        }
        blockEnd();
        List<Node> body = body(Set.of("endmacro"));
        blockEnd();
        return new Node.Macro(name, params, defaults, body, line);
    }

    private Node filterBlock(int line) {
        Expr.Filter filter = expressions.filter(null);
        blockEnd();
        List<Node> body = body(Set.of("endfilter"));
        blockEnd();
        return new Node.FilterBlock(filter, body, line);
    }
}
