package io.github.gsi4j.bench.math500;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;

/**
 * The PRM800K grader's last test, {@code are_equal_under_sympy}: is {@code (a)-(b)} zero? The grader lets sympy
 * parse the normalised strings (Python syntax after {@code ^} becomes {@code **}, with sympy's implicit
 * multiplication and application: {@code 2sqrt(3)}, {@code (a+5)(b+2)}, multi-letter unknown names split into
 * letters) and simplify the difference. Here the same syntax is parsed and the two sides are evaluated at three
 * fixed random points for their symbols; they are equal when they agree at every point where both are defined
 * (relative tolerance 1e-9; exactly, when a decimal literal is involved, as sympy's floats leave no slack). The
 * grader's guards are kept: more than two distinct letters (after removing {@code sqrt} and {@code frac}),
 * {@code ^{}, {@code ^(}, {@code ^2^} or a two-digit exponent mean "not equal", and so does anything sympy would
 * not parse (relations, tuples, Unicode operators) or that this evaluator does not know. Numeric evaluation can
 * only be more lenient than {@code simplify} for true identities sympy fails to prove; for MATH answers
 * (numbers, radicals, π, polynomials in one or two letters) the two agree.
 */
final class SympyEquivalence {

    private static final Pattern BAD_REGEX = Pattern.compile("\\^[0-9]+\\^|\\^[0-9][0-9]+");
    private static final Set<String> FUNCTIONS = Set.of("sqrt", "ln", "log", "exp", "sin", "cos", "tan", "cot", "sec",
            "csc", "asin", "acos", "atan", "factorial");
    private static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "oo", Double.POSITIVE_INFINITY);
    /** Python keywords a normalised answer can contain; they make the parse fail. */
    private static final Set<String> KEYWORDS = Set.of("in", "is", "or", "and", "not", "if", "as", "for", "else",
            "lambda", "def", "del", "from", "with", "while", "None", "True", "False");
    private static final int POINTS = 3;

    private SympyEquivalence() {
    }

    /** Whether {@code (groundTruth)-(given)} is zero, as the PRM800K grader's sympy test decides. */
    static boolean equal(String groundTruth, String given) {
        String expr = "(" + groundTruth + ")-(" + given + ")";
        if (!allowsEval(expr)) {
            return false;
        }
        Node a;
        Node b;
        try {
            a = new Parser(groundTruth.replace("^", "**")).parseAll();
            b = new Parser(given.replace("^", "**")).parseAll();
        } catch (IllegalArgumentException e) {
            return false;
        }
        // sympy's floats are exact binary numbers: a decimal answer must come out as the same double
        double tolerance = expr.contains(".") ? 0 : 1e-9;
        SplittableRandom random = new SplittableRandom(20_240_605);
        int defined = 0;
        for (int p = 0; p < POINTS; p++) {
            Map<String, Double> point = new java.util.HashMap<>();
            double x;
            double y;
            try {
                x = a.eval(point, random);
                y = b.eval(point, random);
            } catch (ArithmeticException e) {
                return false;
            }
            if (Double.isNaN(x) || Double.isNaN(y)) {
                continue;
            }
            if (Double.isInfinite(x) || Double.isInfinite(y)) {
                return false; // sympy: oo - oo, zoo - zoo are nan, not 0
            }
            if (Math.abs(x - y) > tolerance * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
                return false;
            }
            defined++;
        }
        return defined > 0;
    }

    /** The grader's {@code should_allow_eval}. */
    static boolean allowsEval(String expr) {
        String letters = expr.replace("sqrt", "").replace("frac", "");
        if (letters.codePoints().filter(Character::isLetter).distinct().count() > 2) {
            return false;
        }
        return !expr.contains("^{") && !expr.contains("^(") && !BAD_REGEX.matcher(expr).find();
    }

    /** An expression of the symbols it meets; symbols get a random value the first time they are evaluated. */
    private interface Node {
        double eval(Map<String, Double> point, SplittableRandom random);
    }

    private enum Kind {
        NUMBER,
        SYMBOL,
        CONSTANT,
        FUNCTION,
        OPERATOR,
        OPEN,
        CLOSE
    }

    private record Token(Kind kind, String text) {
    }

    /** Python expression syntax, after sympy's split-symbols and implicit multiplication transformations. */
    private static final class Parser {
        private final List<Token> tokens;
        private int i;

        Parser(String text) {
            this.tokens = implicitMultiplication(tokenize(text));
        }

        Node parseAll() {
            Node n = sum();
            if (i != tokens.size()) {
                throw new IllegalArgumentException("unexpected " + tokens.get(i).text());
            }
            return n;
        }

        private static List<Token> tokenize(String s) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ' ') {
                    i++;
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    int start = i;
                    i = digits(s, i);
                    if (i < s.length() && s.charAt(i) == '.') {
                        i = digits(s, i + 1);
                    }
                    if (i + 1 < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                        int j = i + 1;
                        if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                            j++;
                        }
                        if (j < s.length() && Character.isDigit(s.charAt(j))) {
                            i = digits(s, j);
                        }
                    }
                    out.add(new Token(Kind.NUMBER, s.substring(start, i).replace("_", "")));
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                        i++;
                    }
                    name(s.substring(start, i), out);
                } else if (s.startsWith("**", i)) {
                    out.add(new Token(Kind.OPERATOR, "**"));
                    i += 2;
                } else if ("+-*/!".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OPERATOR, String.valueOf(c)));
                    i++;
                } else if (c == '(') {
                    out.add(new Token(Kind.OPEN, "("));
                    i++;
                } else if (c == ')') {
                    out.add(new Token(Kind.CLOSE, ")"));
                    i++;
                } else {
                    throw new IllegalArgumentException("cannot parse '" + c + "'");
                }
            }
            return out;
        }

        private static int digits(String s, int i) {
            while (i < s.length() && (Character.isDigit(s.charAt(i))
                    || (s.charAt(i) == '_' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))))) {
                i++;
            }
            return i;
        }

        /** A known name stays; an unknown multi-letter name is split into letters and digit runs (split_symbols). */
        private static void name(String name, List<Token> out) {
            if (KEYWORDS.contains(name)) {
                throw new IllegalArgumentException("keyword " + name);
            }
            if (FUNCTIONS.contains(name)) {
                out.add(new Token(Kind.FUNCTION, name));
            } else if (CONSTANTS.containsKey(name)) {
                out.add(new Token(Kind.CONSTANT, name));
            } else if (name.length() == 1 || name.contains("_")) {
                out.add(new Token(Kind.SYMBOL, name));
            } else {
                for (int k = 0; k < name.length(); k++) {
                    if (Character.isDigit(name.charAt(k))) {
                        int start = k;
                        while (k + 1 < name.length() && Character.isDigit(name.charAt(k + 1))) {
                            k++;
                        }
                        out.add(new Token(Kind.NUMBER, name.substring(start, k + 1)));
                    } else {
                        out.add(new Token(Kind.SYMBOL, String.valueOf(name.charAt(k))));
                    }
                }
            }
        }

        /** A {@code *} between a value and what starts another value, as sympy's implicit multiplication adds. */
        private static List<Token> implicitMultiplication(List<Token> in) {
            List<Token> out = new ArrayList<>();
            for (int k = 0; k < in.size(); k++) {
                Token t = in.get(k);
                if (k > 0) {
                    Token prev = in.get(k - 1);
                    boolean endsValue = prev.kind() == Kind.NUMBER || prev.kind() == Kind.SYMBOL
                            || prev.kind() == Kind.CONSTANT || prev.kind() == Kind.CLOSE
                            || (prev.kind() == Kind.OPERATOR && prev.text().equals("!"));
                    boolean startsValue = t.kind() == Kind.NUMBER || t.kind() == Kind.SYMBOL || t.kind() == Kind.CONSTANT
                            || t.kind() == Kind.FUNCTION || t.kind() == Kind.OPEN;
                    if (endsValue && startsValue) {
                        out.add(new Token(Kind.OPERATOR, "*"));
                    }
                }
                out.add(t);
            }
            return out;
        }

        private boolean at(String op) {
            return i < tokens.size() && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).text().equals(op);
        }

        private Node sum() {
            Node left = product();
            while (at("+") || at("-")) {
                boolean plus = tokens.get(i++).text().equals("+");
                Node l = left;
                Node r = product();
                left = plus ? (p, g) -> l.eval(p, g) + r.eval(p, g) : (p, g) -> l.eval(p, g) - r.eval(p, g);
            }
            return left;
        }

        private Node product() {
            Node left = unary();
            while (at("*") || at("/")) {
                boolean times = tokens.get(i++).text().equals("*");
                Node l = left;
                Node r = unary();
                left = times ? (p, g) -> l.eval(p, g) * r.eval(p, g) : (p, g) -> l.eval(p, g) / r.eval(p, g);
            }
            return left;
        }

        private Node unary() {
            if (at("-")) {
                i++;
                Node n = unary();
                return (p, g) -> -n.eval(p, g);
            }
            if (at("+")) {
                i++;
                return unary();
            }
            return power();
        }

        private Node power() {
            Node base = postfix();
            if (at("**")) {
                i++;
                Node exponent = unary(); // right-associative, and 2**-1 is allowed
                return (p, g) -> Math.pow(base.eval(p, g), exponent.eval(p, g));
            }
            return base;
        }

        private Node postfix() {
            Node n = primary();
            while (at("!")) {
                i++;
                Node inner = n;
                n = (p, g) -> factorial(inner.eval(p, g));
            }
            return n;
        }

        private Node primary() {
            if (i >= tokens.size()) {
                throw new IllegalArgumentException("unexpected end");
            }
            Token t = tokens.get(i++);
            switch (t.kind()) {
                case NUMBER -> {
                    double v = Double.parseDouble(t.text());
                    return (p, g) -> v;
                }
                case CONSTANT -> {
                    double v = CONSTANTS.get(t.text());
                    return (p, g) -> v;
                }
                case SYMBOL -> {
                    String name = t.text();
                    return (p, g) -> p.computeIfAbsent(name, k -> 0.37 + 1.54 * g.nextDouble());
                }
                case OPEN -> {
                    Node n = sum();
                    expect(Kind.CLOSE);
                    return n;
                }
                case FUNCTION -> {
                    expect(Kind.OPEN);
                    Node arg = sum();
                    expect(Kind.CLOSE);
                    DoubleUnaryOperator f = function(t.text());
                    return (p, g) -> f.applyAsDouble(arg.eval(p, g));
                }
                default -> throw new IllegalArgumentException("unexpected " + t.text());
            }
        }

        private void expect(Kind kind) {
            if (i >= tokens.size() || tokens.get(i).kind() != kind) {
                throw new IllegalArgumentException("expected " + kind);
            }
            i++;
        }

        private static DoubleUnaryOperator function(String name) {
            return switch (name) {
                case "sqrt" -> Math::sqrt;
                case "ln", "log" -> Math::log;
                case "exp" -> Math::exp;
                case "sin" -> Math::sin;
                case "cos" -> Math::cos;
                case "tan" -> Math::tan;
                case "cot" -> x -> 1 / Math.tan(x);
                case "sec" -> x -> 1 / Math.cos(x);
                case "csc" -> x -> 1 / Math.sin(x);
                case "asin" -> Math::asin;
                case "acos" -> Math::acos;
                case "atan" -> Math::atan;
                case "factorial" -> SympyEquivalence::factorial;
                default -> throw new IllegalArgumentException("unknown function " + name);
            };
        }
    }

    private static double factorial(double x) {
        if (x != Math.rint(x) || x < 0 || x > 170) {
            throw new ArithmeticException("factorial of " + x);
        }
        double f = 1;
        for (int k = 2; k <= x; k++) {
            f *= k;
        }
        return f;
    }
}
