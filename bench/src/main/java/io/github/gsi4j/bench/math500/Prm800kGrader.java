package io.github.gsi4j.bench.math500;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PRM800K grader's {@code grade_answer} (openai/prm800k, {@code grading/grader.py}), which the GSI reference
 * code grades with: an answer is correct when (1) the MATH normal forms ({@link MathdNormalizer}) are equal, or
 * (2) PRM800K's own normal forms ({@link #normalize}) are equal, or (3) element by element (tuples and intervals
 * split, their brackets compared), each pair of elements is equal where: two fractions {@code a/b} must be the
 * same string (so an unreduced fraction is wrong), an integer must not be matched by a non-integer, and anything
 * else is compared by {@link SympyEquivalence}. Ported from reading the original; its quirks are kept (e.g.
 * {@code \frac{9a+11}{20}} normalises to {@code 9a+11/20}, so it differs from {@code \frac{11+9a}{20}}).
 */
final class Prm800kGrader {

    private static final Pattern ENCLOSING_TEXT = Pattern.compile("^\\\\text\\{(.+?)\\}$");
    private static final String[] UNITS = { "degree", "cm", "centimeter", "meter", "mile", "second", "minute", "hour",
            "day", "week", "month", "year", "foot", "feet", "inch", "yard" };
    private static final Pattern[] UNIT_PATTERNS = new Pattern[UNITS.length];
    private static final Pattern CIRC = Pattern.compile("\\^ *\\\\circ");
    private static final Pattern THIN_SPACE = Pattern.compile(",\\\\! *");
    private static final Pattern MINUS_SPACE = Pattern.compile("- *");
    private static final Pattern MIXED_NUMBER = Pattern.compile("([0-9]) +([0-9])");
    private static final Pattern FORMATTED_COMMA = Pattern.compile("(\\d)(,)(\\d\\d\\d)($|\\D)");
    private static final Pattern FRACTION = Pattern.compile("^-?[0-9]+.?/0*[1-9][0-9]*.?$");
    private static final Pattern PYTHON_FLOAT = Pattern.compile(
            "[+-]?((\\d(_?\\d)*)?\\.?\\d(_?\\d)*([eE][+-]?\\d(_?\\d)*)?|\\d(_?\\d)*\\.([eE][+-]?\\d(_?\\d)*)?"
                    + "|(?i:inf|infinity|nan))");
    private static final String TUPLE_CHARS = "()[]";

    static {
        for (int k = 0; k < UNITS.length; k++) {
            UNIT_PATTERNS[k] = Pattern.compile(UNITS[k] + "(es)?(s)? *(\\^[0-9]+)?");
        }
    }

    private Prm800kGrader() {
    }

    /** Whether {@code given} is marked correct against {@code groundTruth}. */
    static boolean grade(String given, String groundTruth) {
        if (given == null) {
            return false;
        }
        String truthMathd = MathdNormalizer.normalize(groundTruth);
        if (truthMathd != null && truthMathd.equals(MathdNormalizer.normalize(given))) {
            return true;
        }
        String truth = normalize(groundTruth);
        String answer = normalize(given);
        if (truth == null) {
            return false;
        }
        if (truth.equals(answer)) {
            return true;
        }
        if (answer.isEmpty()) {
            return false;
        }
        List<String> truthElems = splitTuple(truth);
        List<String> givenElems = splitTuple(answer);
        if (truthElems.size() > 1 && (truth.charAt(0) != answer.charAt(0)
                || truth.charAt(truth.length() - 1) != answer.charAt(answer.length() - 1))) {
            return false;
        }
        if (truthElems.size() != givenElems.size()) {
            return false;
        }
        for (int k = 0; k < truthElems.size(); k++) {
            String t = truthElems.get(k);
            String g = givenElems.get(k);
            boolean correct;
            if (FRACTION.matcher(t).find() && FRACTION.matcher(g).find()) {
                correct = t.equals(g); // unreduced fractions are not accepted, so no simplification here
            } else if (strIsInt(t) != strIsInt(g)) {
                correct = false; // an integer answer needs an exact match
            } else {
                correct = SympyEquivalence.equal(t, g);
            }
            if (!correct) {
                return false;
            }
        }
        return true;
    }

    /** PRM800K's {@code _normalize}. */
    static String normalize(String expr) {
        if (expr == null) {
            return null;
        }
        Matcher m = ENCLOSING_TEXT.matcher(expr);
        if (m.find()) {
            expr = m.group(1);
        }
        expr = expr.replace("\\%", "%").replace("\\$", "$").replace("$", "").replace("%", "");
        expr = expr.replace(" or ", " , ").replace(" and ", " , ");
        expr = expr.replace("million", "*10^6").replace("billion", "*10^9").replace("trillion", "*10^12");
        for (Pattern unit : UNIT_PATTERNS) {
            expr = unit.matcher(expr).replaceAll("");
        }
        expr = CIRC.matcher(expr).replaceAll("");
        if (!expr.isEmpty() && expr.charAt(0) == '{' && expr.charAt(expr.length() - 1) == '}') {
            expr = expr.substring(1, expr.length() - 1);
        }
        expr = THIN_SPACE.matcher(expr).replaceAll("");
        Double asFloat = pythonFloat(expr);
        if (asFloat != null && isInt(asFloat)) {
            expr = new BigDecimal(Math.rint(asFloat)).toBigInteger().toString();
        }
        if (expr.contains("\\")) {
            expr = parseLatex(expr);
        }
        expr = MINUS_SPACE.matcher(expr).replaceAll("-");
        expr = MIXED_NUMBER.matcher(expr).replaceAll("$1+$2");
        expr = expr.replace(" ", "").replace("{", "").replace("}", "");
        expr = expr.toLowerCase(java.util.Locale.ROOT);
        if (strIsInt(expr)) {
            expr = strToInt(expr);
        }
        return expr;
    }

    /** The grader's {@code _parse_latex}: pylatexenc's text with a few characters renamed for sympy. */
    private static String parseLatex(String expr) {
        expr = expr.replace("\\tfrac", "\\frac").replace("\\dfrac", "\\frac").replace("\\frac", " \\frac");
        expr = LatexText.toText(expr);
        expr = expr.replace("√", "sqrt").replace("π", "pi").replace("∞", "inf").replace("∪", "U").replace("·", "*")
                .replace("×", "*");
        return expr.strip();
    }

    /** The grader's {@code split_tuple}: the elements of a tuple or interval, or the expression itself. */
    static List<String> splitTuple(String expr) {
        expr = stripFormattedCommas(expr);
        List<String> out = new ArrayList<>();
        if (expr.isEmpty()) {
            return out;
        }
        if (expr.length() > 2 && TUPLE_CHARS.indexOf(expr.charAt(0)) >= 0
                && TUPLE_CHARS.indexOf(expr.charAt(expr.length() - 1)) >= 0
                && noTupleChars(expr.substring(1, expr.length() - 1))) {
            for (String e : expr.substring(1, expr.length() - 1).split(",", -1)) {
                out.add(e.strip());
            }
        } else {
            out.add(expr);
        }
        return out;
    }

    private static boolean noTupleChars(String inner) {
        for (int k = 0; k < inner.length(); k++) {
            if (TUPLE_CHARS.indexOf(inner.charAt(k)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String stripFormattedCommas(String expr) {
        while (true) {
            String next = FORMATTED_COMMA.matcher(expr).replaceAll("$1$3$4");
            if (next.equals(expr)) {
                return next;
            }
            expr = next;
        }
    }

    private static boolean strIsInt(String x) {
        Double v = pythonFloat(stripFormattedCommas(x));
        return v != null && isInt(v);
    }

    /** The grader's {@code _str_to_int}: all commas removed, then Python's {@code int(float(x))}. */
    private static String strToInt(String x) {
        Double v = pythonFloat(x.replace(",", ""));
        if (v == null || v.isInfinite() || v.isNaN()) {
            return x;
        }
        return new BigDecimal(v).toBigInteger().toString();
    }

    /** {@code abs(x - int(round(x))) <= 1e-7}; false where Python's round raises (infinity, NaN). */
    private static boolean isInt(double x) {
        return !Double.isInfinite(x) && !Double.isNaN(x) && Math.abs(x - Math.rint(x)) <= 1e-7;
    }

    /** Python's {@code float(text)}, or null where it raises. */
    static Double pythonFloat(String text) {
        String t = text.strip();
        if (!PYTHON_FLOAT.matcher(t).matches()) {
            return null;
        }
        String plain = t.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        String sign = plain.startsWith("-") ? "-" : "";
        String unsigned = plain.replaceFirst("^[+-]", "");
        return switch (unsigned) {
            case "inf", "infinity" -> sign.isEmpty() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(plain);
        };
    }
}
