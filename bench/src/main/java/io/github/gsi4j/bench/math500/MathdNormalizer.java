package io.github.gsi4j.bench.math500;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MATH dataset's answer normalisation (Hendrycks et al.'s {@code math_equivalence}, as PRM800K's
 * {@code math_normalize.normalize_answer} has it): the first, string-only test of the PRM800K grader. Its
 * quirks are kept: where the original raises (a {@code \sqrt} at the very end, two {@code \text{ } } units),
 * the answer is returned as it was after removing an enclosing {@code \text{}}.
 */
final class MathdNormalizer {

    private static final Pattern ENCLOSING_TEXT = Pattern.compile("^\\\\text\\{(.+?)\\}$");
    private static final Pattern CANONICAL_SLASH = Pattern.compile("^(-?[1-9][0-9]*|0)/(-?[1-9][0-9]*|0)$");

    /** Thrown where the original code raises an exception. */
    private static final class Raised extends RuntimeException {
        Raised() {
            super(null, null, false, false);
        }
    }

    private MathdNormalizer() {
    }

    /** The normal form of {@code answer}; null for null. */
    static String normalize(String answer) {
        if (answer == null) {
            return null;
        }
        String a = answer.strip();
        Matcher m = ENCLOSING_TEXT.matcher(a);
        if (m.find()) {
            a = m.group(1).strip();
        }
        try {
            return stripString(a);
        } catch (Raised e) {
            return a;
        }
    }

    private static String stripString(String s) {
        s = s.replace("\n", "").replace("\\!", "").replace("\\\\", "\\");
        s = s.replace("tfrac", "frac").replace("dfrac", "frac");
        s = s.replace("\\left", "").replace("\\right", "");
        s = s.replace("^{\\circ}", "").replace("^\\circ", "");
        s = s.replace("\\$", "");
        s = removeRightUnits(s);
        s = s.replace("\\%", "");
        s = s.replace(" .", " 0.").replace("{.", "{0.");
        if (s.isEmpty()) {
            return s;
        }
        if (s.charAt(0) == '.') {
            s = "0" + s;
        }
        String[] sides = s.split("=", -1);
        if (sides.length == 2 && sides[0].length() <= 2) {
            s = sides[1];
        }
        s = fixSqrt(s);
        s = s.replace(" ", "");
        s = fixFracs(s);
        if (s.equals("0.5")) {
            s = "\\frac{1}{2}";
        }
        return fixSlash(s);
    }

    /** What follows {@code "\text{ "} is a unit; two such units make the original fail. */
    private static String removeRightUnits(String s) {
        if (!s.contains("\\text{ ")) {
            return s;
        }
        String[] splits = s.split(Pattern.quote("\\text{ "), -1);
        if (splits.length != 2) {
            throw new Raised();
        }
        return splits[0];
    }

    /** {@code \sqrt3} becomes {@code \sqrt{3}}; a {@code \sqrt} with nothing after it fails. */
    private static String fixSqrt(String s) {
        if (!s.contains("\\sqrt")) {
            return s;
        }
        String[] splits = s.split(Pattern.quote("\\sqrt"), -1);
        StringBuilder out = new StringBuilder(splits[0]);
        for (int i = 1; i < splits.length; i++) {
            String split = splits[i];
            if (split.isEmpty()) {
                throw new Raised();
            }
            if (split.charAt(0) != '{') {
                out.append("\\sqrt{").append(split.charAt(0)).append('}').append(split, 1, split.length());
            } else {
                out.append("\\sqrt").append(split);
            }
        }
        return out.toString();
    }

    /** {@code \frac12} and {@code \frac1{2}} get braces; a too-short {@code \frac} leaves the string as it was. */
    private static String fixFracs(String s) {
        String[] substrs = s.split(Pattern.quote("\\frac"), -1);
        StringBuilder out = new StringBuilder(substrs[0]);
        for (int i = 1; i < substrs.length; i++) {
            String sub = substrs[i];
            out.append("\\frac");
            if (sub.isEmpty()) {
                throw new Raised();
            }
            if (sub.charAt(0) == '{') {
                out.append(sub);
                continue;
            }
            if (sub.length() < 2) {
                return s;
            }
            char a = sub.charAt(0);
            char b = sub.charAt(1);
            String rest = sub.substring(2);
            if (b != '{') {
                out.append('{').append(a).append("}{").append(b).append('}').append(rest);
            } else {
                out.append('{').append(a).append('}').append(b).append(rest);
            }
        }
        return out.toString();
    }

    /** A plain {@code a/b} of two integers becomes {@code \frac{a}{b}}. */
    private static String fixSlash(String s) {
        Matcher m = CANONICAL_SLASH.matcher(s);
        return m.matches() ? "\\frac{" + m.group(1) + "}{" + m.group(2) + "}" : s;
    }
}
