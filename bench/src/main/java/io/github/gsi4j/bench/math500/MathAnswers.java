package io.github.gsi4j.bench.math500;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.gsi4j.core.BoxedAnswers;

/**
 * Extracts and compares MATH answers the way the MATH / PRM800K graders do: the last {@code \boxed{...}} of a
 * solution, normalised (LaTeX spacing, {@code \left}/{@code \right}, {@code dfrac}/{@code tfrac},
 * {@code \text{}} and trailing units, degrees, dollar and percent signs, thousands separators, a leading
 * {@code x =}, {@code \sqrt3} and {@code \frac12} short forms, trailing {@code .0}) and then compared as strings,
 * as exact rational numbers, or element by element for tuples and lists. No computer algebra: answers that
 * are equal only after simplification (e.g. {@code \sqrt{8}} and {@code 2\sqrt{2}}) are not recognised.
 */
public final class MathAnswers {

    private static final Pattern UNIT_TEXT = Pattern.compile("\\\\(?:text|textbf|mbox|mathrm)\\{\\s*([^{}]*)\\}");
    private static final Pattern VARIABLE_PREFIX = Pattern.compile("^[a-zA-Z]{1,2}(?:_\\{?\\w\\}?)?=(?!=)");
    private static final Pattern THOUSANDS = Pattern.compile("^-?\\d{1,3}(,\\d{3})+(\\.\\d+)?$");
    private static final Pattern TRAILING_ZEROS = Pattern.compile("^(-?\\d+)\\.0+$|^(-?\\d+\\.\\d*?[1-9])0+$");
    private static final Pattern SIMPLE_SLASH = Pattern.compile("^(-?\\d+)/(\\d+)$");
    private static final Pattern FRACTION = Pattern.compile("^(-?)\\\\frac\\{(-?\\d+(?:\\.\\d+)?)\\}\\{(-?\\d+(?:\\.\\d+)?)\\}$");
    private static final Pattern DECIMAL = Pattern.compile("^-?(\\d+(\\.\\d*)?|\\.\\d+)$");
    private static final String[] UNITS = { "degrees", "degree", "cm^2", "cm", "centimeters", "meters", "meter", "m",
            "km", "inches", "inch", "feet", "foot", "ft", "miles", "mile", "units", "unit", "sq", "square", "dollars",
            "dollar", "cents", "cent", "hours", "hour", "minutes", "minute", "seconds", "second", "days", "day", "mph",
            "pounds", "pound", "kg", "g" };

    private MathAnswers() {
    }

    /** The content of the last complete {@code \boxed{...}} of a solution. */
    public static Optional<String> extract(String solution) {
        return solution == null ? Optional.empty() : BoxedAnswers.last(solution);
    }

    /** Whether the given answer equals the reference answer after normalisation. */
    public static boolean equivalent(String given, String reference) {
        if (given == null || reference == null) {
            return false;
        }
        String a = normalize(given);
        String b = normalize(reference);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        Optional<BigDecimal> x = number(a);
        Optional<BigDecimal> y = number(b);
        if (x.isPresent() && y.isPresent()) {
            return x.get().subtract(y.get()).abs().compareTo(new BigDecimal("1e-12")) <= 0;
        }
        List<String> as = elements(a);
        List<String> bs = elements(b);
        if (as.size() > 1 && as.size() == bs.size() && brackets(a).equals(brackets(b))) {
            for (int i = 0; i < as.size(); i++) {
                if (!equivalent(as.get(i), bs.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The normal form of an answer (see the class comment). */
    public static String normalize(String answer) {
        String s = answer.strip();
        Optional<String> boxed = BoxedAnswers.last(s);
        if (boxed.isPresent() && s.startsWith("\\boxed")) {
            s = boxed.get();
        }
        s = s.replace("\n", "").replace("\\!", "").replace("\\,", "").replace("\\;", "").replace("\\:", "")
                .replace("\\ ", " ").replace("\\\\", "\\");
        s = s.replace("tfrac", "frac").replace("dfrac", "frac");
        s = s.replace("\\left", "").replace("\\right", "");
        s = s.replace("^{\\circ}", "").replace("^\\circ", "").replace("°", "");
        s = s.replace("\\$", "").replace("$", "").replace("\\%", "").replace("%", "");
        s = removeUnits(s);
        s = s.replace(" ", "");
        s = VARIABLE_PREFIX.matcher(s).replaceFirst("");
        s = fixSqrt(s);
        s = fixFrac(s);
        if (s.startsWith(".")) {
            s = "0" + s;
        }
        s = s.replace("{.", "{0.").replace("(.", "(0.").replace(",.", ",0.");
        if (THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        Matcher z = TRAILING_ZEROS.matcher(s);
        if (z.matches()) {
            s = z.group(1) != null ? z.group(1) : z.group(2);
        }
        Matcher slash = SIMPLE_SLASH.matcher(s);
        if (slash.matches()) {
            s = "\\frac{" + slash.group(1) + "}{" + slash.group(2) + "}";
        }
        if (s.equals("-0")) {
            s = "0";
        }
        return s;
    }

    /** Unwraps {@code \text{...}}; drops a trailing unit word (in {@code \text{}} or plain) after a number. */
    private static String removeUnits(String s) {
        String t = s.strip();
        int unitStart = t.indexOf("\\text{ ");
        if (unitStart > 0) { // "10\text{ cm}": what follows a number is a unit
            t = t.substring(0, unitStart).strip();
        }
        t = UNIT_TEXT.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        for (String unit : UNITS) {
            if (t.endsWith(unit) && t.length() > unit.length()) {
                String before = t.substring(0, t.length() - unit.length()).strip();
                if (!before.isEmpty() && (Character.isDigit(before.charAt(before.length() - 1)) || before.endsWith("}"))
                        && (t.charAt(t.length() - unit.length() - 1) == ' ' || unit.length() > 2)) {
                    return before;
                }
            }
        }
        return t;
    }

    /** {@code \sqrt3} becomes {@code \sqrt{3}}. */
    private static String fixSqrt(String s) {
        return s.replaceAll("\\\\sqrt(\\w)", "\\\\sqrt{$1}");
    }

    /** {@code \frac12} and {@code \frac1{2}} become {@code \frac{1}{2}}. */
    private static String fixFrac(String s) {
        s = s.replaceAll("\\\\frac(\\d)(\\d)", "\\\\frac{$1}{$2}");
        s = s.replaceAll("\\\\frac(\\d)\\{", "\\\\frac{$1}{");
        return s.replaceAll("\\\\frac\\{([^{}]*)\\}(\\d)", "\\\\frac{$1}{$2}");
    }

    /** An integer, decimal or numeric fraction as an exact number. */
    static Optional<BigDecimal> number(String s) {
        try {
            if (DECIMAL.matcher(s).matches()) {
                return Optional.of(new BigDecimal(s));
            }
            Matcher f = FRACTION.matcher(s);
            if (f.matches()) {
                BigDecimal num = new BigDecimal(f.group(2));
                BigDecimal den = new BigDecimal(f.group(3));
                if (den.signum() == 0) {
                    return Optional.empty();
                }
                BigDecimal v = num.divide(den, MathContext.DECIMAL128);
                return Optional.of(f.group(1).isEmpty() ? v : v.negate());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Top-level comma-separated elements, without the enclosing brackets. */
    static List<String> elements(String s) {
        String inner = brackets(s).isEmpty() ? s : s.substring(1, s.length() - 1);
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(inner.substring(start, i));
                start = i + 1;
            }
        }
        out.add(inner.substring(start));
        return out;
    }

    /** The enclosing bracket pair ("()", "[]", "(]", ...), or "" when the answer is not enclosed. */
    private static String brackets(String s) {
        if (s.length() >= 2 && "([".indexOf(s.charAt(0)) >= 0 && ")]".indexOf(s.charAt(s.length() - 1)) >= 0) {
            return "" + s.charAt(0) + s.charAt(s.length() - 1);
        }
        return "";
    }
}
