package io.github.gsi4j.bench.math500;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LaTeX to plain text for math answers, as pylatexenc's {@code LatexNodes2Text().latex_to_text} (2.10, default
 * settings) renders the constructs MATH answers use, which is what the PRM800K grader feeds to sympy:
 * {@code \frac{a}{b}} is {@code a/b} (no parentheses), {@code \sqrt[n]{x}} is {@code √(x)}, symbols become their
 * Unicode characters, {@code \mbox{...}} disappears with its argument, every other macro it does not know (and
 * {@code \text}, {@code \left}, {@code \cot}, {@code \binom}, ...) disappears while its braced group stays, the
 * whitespace after a macro name is dropped, and a {@code pmatrix}/{@code bmatrix}/{@code array} becomes
 * {@code [ a b; c d ]} with each cell right-aligned to the widest. Written from pylatexenc's documented output.
 */
final class LatexText {

    private static final Map<String, String> SYMBOLS = Map.ofEntries(Map.entry("pi", "π"), Map.entry("infty", "∞"),
            Map.entry("cup", "∪"), Map.entry("cap", "∩"), Map.entry("cdot", "·"), Map.entry("times", "×"),
            Map.entry("div", "÷"), Map.entry("pm", "±"), Map.entry("mp", "∓"), Map.entry("le", "≤"),
            Map.entry("leq", "≤"), Map.entry("ge", "≥"), Map.entry("geq", "≥"), Map.entry("neq", "≠"),
            Map.entry("approx", "≈"), Map.entry("equiv", "≡"), Map.entry("sim", "∼"), Map.entry("in", "∈"),
            Map.entry("notin", "∉"), Map.entry("setminus", "∖"), Map.entry("subset", "⊂"), Map.entry("subseteq", "⊆"),
            Map.entry("emptyset", "∅"), Map.entry("varnothing", "∅"), Map.entry("circ", "∘"), Map.entry("angle", "∠"),
            Map.entry("perp", "⊥"), Map.entry("parallel", "∥"), Map.entry("cdots", "⋯"), Map.entry("ldots", "…"),
            Map.entry("dots", "…"), Map.entry("vdots", "⋮"), Map.entry("quad", "  "), Map.entry("qquad", "    "),
            Map.entry("to", "→"), Map.entry("rightarrow", "→"), Map.entry("Rightarrow", "⇒"), Map.entry("vert", "|"),
            Map.entry("lvert", "|"), Map.entry("rvert", "|"), Map.entry("mid", "|"), Map.entry("langle", "⟨"),
            Map.entry("rangle", "⟩"), Map.entry("lfloor", "⌊"), Map.entry("rfloor", "⌋"), Map.entry("lceil", "⌈"),
            Map.entry("rceil", "⌉"), Map.entry("star", "⋆"), Map.entry("ast", "∗"), Map.entry("prime", "'"),
            Map.entry("square", "□"), Map.entry("sum", "∑"), Map.entry("prod", "∏"), Map.entry("int", "∫"),
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ϵ"), Map.entry("varepsilon", "ε"), Map.entry("theta", "θ"), Map.entry("phi", "ϕ"),
            Map.entry("varphi", "φ"), Map.entry("lambda", "λ"), Map.entry("mu", "μ"), Map.entry("rho", "ρ"),
            Map.entry("sigma", "σ"), Map.entry("tau", "τ"), Map.entry("omega", "ω"), Map.entry("Omega", "Ω"),
            Map.entry("Delta", "Δ"), Map.entry("sin", "sin"), Map.entry("cos", "cos"), Map.entry("tan", "tan"),
            Map.entry("arcsin", "arcsin"), Map.entry("arccos", "arccos"), Map.entry("arctan", "arctan"),
            Map.entry("log", "log"), Map.entry("ln", "ln"), Map.entry("exp", "exp"), Map.entry("max", "max"),
            Map.entry("min", "min"), Map.entry("lim", "lim"));
    private static final Map<String, String> ACCENTS = Map.of("hat", "\u0302", "vec", "\u20d7", "bar", "\u0305",
            "tilde", "\u0303", "dot", "\u0307");
    private static final Map<Character, String> CHARACTER_MACROS = Map.of(',', " ", ';', " ", ':', " ", ' ', " ", '!', "",
            '\\', "\n");
    private static final Set<String> MATRICES = Set.of("array", "pmatrix", "bmatrix", "smallmatrix", "psmallmatrix",
            "bsmallmatrix");

    private final String s;
    private int i;

    private LatexText(String s) {
        this.s = s;
    }

    /** The text of {@code latex}. */
    static String toText(String latex) {
        return new LatexText(latex).nodes(null);
    }

    /**
     * Renders up to {@code end} (a closing brace, an {@code \end}, or the end of input when null); a matrix
     * environment's cells and rows are laid out as pylatexenc does.
     */
    private String nodes(String end) {
        boolean matrix = end != null && end.startsWith("\\end{") && MATRICES.contains(end.substring(5, end.length() - 1));
        StringBuilder out = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        boolean cellHasNodes = false; // pylatexenc keeps a cell only when some node (even a space) was in it
        while (i < s.length()) {
            if (end != null && s.startsWith(end, i)) {
                i += end.length();
                break;
            }
            char c = s.charAt(i);
            boolean column = matrix && c == '&';
            boolean newRow = matrix && s.startsWith("\\\\", i);
            if (column || newRow) {
                i += column ? 1 : 2;
                if (cellHasNodes) {
                    row.add(out.toString().strip());
                }
                out.setLength(0);
                cellHasNodes = false;
                if (newRow) {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            } else {
                out.append(node());
                cellHasNodes = true;
            }
        }
        if (!matrix) {
            return out.toString();
        }
        if (cellHasNodes) {
            row.add(out.toString().strip());
        }
        rows.add(row);
        return matrixText(rows);
    }

    /** pylatexenc's matrix layout: cells right-aligned to the widest, rows joined with "; ", in brackets. */
    private static String matrixText(List<List<String>> rows) {
        int width = 0;
        for (List<String> r : rows) {
            for (String cell : r) {
                width = Math.max(width, cell.length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String cell : r) {
                cells.add(" ".repeat(width - cell.length()) + cell);
            }
            lines.add(String.join(" ", cells));
        }
        return "[ " + String.join("; ", lines) + " ]";
    }

    /** One node: a macro, a group, an environment, a special character, or a plain character. */
    private String node() {
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                return nodes("}");
            }
            case '}', '$' -> {
                i++;
                return "";
            }
            case '~' -> {
                i++;
                return "\u00a0";
            }
            case '&' -> {
                i++;
                return "   ";
            }
            case '%' -> {
                int eol = s.indexOf('\n', i);
                i = eol < 0 ? s.length() : eol + 1;
                return "";
            }
            case '\\' -> {
                return macro();
            }
            default -> {
                i++;
                return String.valueOf(c);
            }
        }
    }

    private String macro() {
        i++; // the backslash
        if (i >= s.length()) {
            return "";
        }
        char first = s.charAt(i);
        if (!Character.isLetter(first)) {
            i++;
            return CHARACTER_MACROS.getOrDefault(first, String.valueOf(first));
        }
        int start = i;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        String name = s.substring(start, i);
        skipSpace();
        switch (name) {
            case "frac" -> {
                String num = argument();
                return num + "/" + argument();
            }
            case "sqrt" -> {
                if (i < s.length() && s.charAt(i) == '[') {
                    int close = s.indexOf(']', i);
                    i = close < 0 ? s.length() : close + 1;
                    skipSpace();
                }
                return "√(" + argument() + ")";
            }
            case "mbox" -> {
                argument();
                return "";
            }
            case "begin" -> {
                String env = rawGroup();
                return nodes("\\end{" + env + "}");
            }
            default -> {
                if (ACCENTS.containsKey(name)) {
                    return argument() + ACCENTS.get(name);
                }
                return SYMBOLS.getOrDefault(name, "");
            }
        }
    }

    /** A macro argument: a braced group, one macro, or one character. */
    private String argument() {
        skipSpace();
        if (i >= s.length()) {
            return "";
        }
        return node();
    }

    /** The raw text of a braced group (an environment's name). */
    private String rawGroup() {
        skipSpace();
        if (i < s.length() && s.charAt(i) == '{') {
            int close = s.indexOf('}', i);
            String name = s.substring(i + 1, close < 0 ? s.length() : close);
            i = close < 0 ? s.length() : close + 1;
            return name;
        }
        return "";
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
