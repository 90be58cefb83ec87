package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;

/** Jinja2's built-in filters that chat templates use, plus Hugging Face's {@code tojson}. */
final class Filters {

    private Filters() {
    }

    private static Object arg(List<Object> args, Map<String, Object> kw, int i, String name, Object dflt) {
        if (kw.containsKey(name)) {
            return kw.get(name);
        }
        return i < args.size() ? args.get(i) : dflt;
    }

    static Object apply(String name, Object v, List<Object> args, Map<String, Object> kw, int line) {
        switch (name) {
            case "default", "d" -> {
                boolean asBoolean = Values.truthy(arg(args, kw, 1, "boolean", false));
                boolean missing = v instanceof Undefined || (asBoolean && !Values.truthy(v));
                return missing ? arg(args, kw, 0, "default_value", Values.str("")) : v;
            }
            case "safe", "list" -> {
                return name.equals("safe") ? v : Values.iterate(v, line);
            }
            default -> {
            }
        }
        if (v instanceof Undefined u && !name.equals("length") && !name.equals("count") && !name.equals("string")) {
            throw u.error(line);
        }
        return switch (name) {
            case "trim" -> Methods.bind(Values.marked(v), "strip").call(
                    args.isEmpty() && kw.containsKey("chars") ? List.of(kw.get("chars")) : args, Map.of(), line);
            case "length", "count" -> Values.length(v, line);
            case "string" -> Values.marked(v);
            case "tojson" -> Json.dumps(v, arg(args, kw, 1, "indent", null),
                    (List<?>) arg(args, kw, 3, "separators", null), Values.truthy(arg(args, kw, 4, "sort_keys", false)),
                    Values.truthy(arg(args, kw, 0, "ensure_ascii", false)), line);
            case "upper", "lower", "title", "capitalize" -> Methods.bind(Values.marked(v), name).call(List.of(), Map.of(),
                    line);
            case "replace" -> Methods.replace(Values.marked(v), Values.toStr(args.get(0)), Values.marked(args.get(1)),
                    args.size() > 2 ? Values.toLong(args.get(2)) : -1);
            case "join" -> join(v, arg(args, kw, 0, "d", Values.str("")), (MarkedText) arg(args, kw, 1, "attribute", null),
                    line);
            case "first", "last" -> {
                List<Object> items = Values.iterate(v, line);
                yield items.isEmpty() ? new Undefined("the " + name + " item of an empty sequence")
                        : items.get(name.equals("first") ? 0 : items.size() - 1);
            }
            case "reverse" -> {
                List<Object> items = Values.iterate(v, line);
                Collections.reverse(items);
                yield v instanceof MarkedText ? Methods.bind(Values.str(""), "join").call(List.of(items), Map.of(), line)
                        : items;
            }
            case "sort" -> sort(v, args, kw, line);
            case "unique" -> {
                List<Object> out = new ArrayList<>();
                for (Object x : Values.iterate(v, line)) {
                    if (out.stream().noneMatch(y -> Values.eq(x, y))) {
                        out.add(x);
                    }
                }
                yield out;
            }
            case "int" -> toInt(v, arg(args, kw, 0, "default", 0L));
            case "float" -> toFloat(v, arg(args, kw, 0, "default", 0.0));
            case "abs" -> v instanceof Double d ? (Object) Math.abs(d) : (Object) Math.abs(Values.toLong(v));
            case "round" -> {
                long precision = Values.toLong(arg(args, kw, 0, "precision", 0L));
                double scale = Math.pow(10, precision);
                yield Math.round(Values.toDouble(v) * scale) / scale;
            }
            case "escape", "e", "forceescape" -> escape(Values.marked(v));
            case "indent" -> indent(Values.marked(v), arg(args, kw, 0, "width", 4L),
                    Values.truthy(arg(args, kw, 1, "first", false)), Values.truthy(arg(args, kw, 2, "blank", false)));
            case "items" -> Methods.bind(v, "items").call(List.of(), Map.of(), line);
            case "dictsort" -> {
                @SuppressWarnings("unchecked")
                List<Object> pairs = (List<Object>) Methods.bind(v, "items").call(List.of(), Map.of(), line);
                pairs.sort((a, b) -> Values.compare(((List<?>) a).get(0), ((List<?>) b).get(0), line));
                yield pairs;
            }
            case "selectattr", "rejectattr", "select", "reject" -> select(name, v, args, line);
            case "map" -> map(v, args, kw, line);
            case "min", "max" -> {
                List<Object> items = Values.iterate(v, line);
                if (items.isEmpty()) {
                    yield new Undefined("the " + name + " of an empty sequence");
                }
                Object best = items.get(0);
                for (Object x : items) {
                    int c = Values.compare(x, best, line);
                    if (name.equals("min") ? c < 0 : c > 0) {
                        best = x;
                    }
                }
                yield best;
            }
            case "sum" -> {
                Object total = arg(args, kw, 1, "start", 0L);
                for (Object x : Values.iterate(v, line)) {
                    total = Operators.binary("+", total, x, line);
                }
                yield total;
            }
            case "wordcount" -> (long) ((List<?>) Methods.bind(Values.marked(v), "split").call(List.of(), Map.of(), line))
                    .size();
            default -> throw new TemplateException("no filter named '" + name + "'", line);
        };
    }

    /** Jinja's {@code title}: the first letter of each word upper case, the others lower case. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            boolean letter = Character.isLetterOrDigit(cp);
            sb.appendCodePoint(letter ? (start ? Character.toTitleCase(cp) : Character.toLowerCase(cp)) : cp);
            start = !letter && cp != '\'';
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static MarkedText join(Object v, Object separator, MarkedText attribute, int line) {
        List<Object> parts = new ArrayList<>();
        for (Object x : Values.iterate(v, line)) {
            Object y = attribute == null ? x : Operators.item(x, attribute, line);
            parts.add(Values.marked(y));
        }
        return (MarkedText) Methods.bind(Values.marked(separator), "join").call(List.of(parts), Map.of(), line);
    }

    private static Object sort(Object v, List<Object> args, Map<String, Object> kw, int line) {
        boolean reverse = Values.truthy(arg(args, kw, 0, "reverse", false));
        boolean caseSensitive = Values.truthy(arg(args, kw, 1, "case_sensitive", false));
        Object attribute = arg(args, kw, 2, "attribute", null);
        List<Object> items = Values.iterate(v, line);
        items.sort((a, b) -> {
            Object x = attribute == null ? a : Operators.item(a, attribute, line);
            Object y = attribute == null ? b : Operators.item(b, attribute, line);
            if (!caseSensitive && x instanceof MarkedText s && y instanceof MarkedText t) {
                return s.text().toLowerCase(Locale.ROOT).compareTo(t.text().toLowerCase(Locale.ROOT));
            }
            return Values.compare(x, y, line);
        });
        if (reverse) {
            Collections.reverse(items);
        }
        return items;
    }

    private static Object toInt(Object v, Object dflt) {
        if (v instanceof Long || v instanceof Boolean) {
            return Values.toLong(v);
        }
        if (v instanceof Double d) {
            return (long) d.doubleValue();
        }
        try {
            return Long.parseLong(Values.toStr(v).strip());
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(Values.toStr(v).strip());
            } catch (NumberFormatException e2) {
                return dflt;
            }
        }
    }

    private static Object toFloat(Object v, Object dflt) {
        if (Values.isNumber(v)) {
            return Values.toDouble(v);
        }
        try {
            return Double.parseDouble(Values.toStr(v).strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static MarkedText escape(MarkedText s) {
        MarkedText out = s;
        for (String[] r : new String[][] { { "&", "&amp;" }, { "<", "&lt;" }, { ">", "&gt;" }, { "\"", "&#34;" },
                { "'", "&#39;" } }) {
            out = Methods.replace(out, r[0], out.hasData(0, out.length()) ? MarkedText.data(r[1])
                    : MarkedText.template(r[1]), -1);
        }
        return out;
    }

    private static MarkedText indent(MarkedText s, Object width, boolean first, boolean blank) {
        String pad = width instanceof MarkedText t ? t.text() : " ".repeat((int) Values.toLong(width));
        List<Object> lines = new ArrayList<>();
        String t = s.text();
        int start = 0;
        for (int i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', start)) {
            lines.add(s.substring(start, i));
            start = i + 1;
        }
        lines.add(s.substring(start, t.length()));
        MarkedText out = MarkedText.template("");
        for (int i = 0; i < lines.size(); i++) {
            MarkedText l = (MarkedText) lines.get(i);
            boolean indentThis = (i > 0 || first) && (blank || !l.text().isEmpty());
            out = out.concat(i > 0 ? MarkedText.template("\n") : MarkedText.template(""))
                    .concat(indentThis ? MarkedText.template(pad) : MarkedText.template("")).concat(l);
        }
        return out;
    }

    private static List<Object> select(String name, Object v, List<Object> args, int line) {
        boolean byAttribute = name.endsWith("attr");
        boolean keep = name.startsWith("select");
        List<Object> out = new ArrayList<>();
        for (Object x : Values.iterate(v, line)) {
            Object subject = byAttribute ? Operators.attribute(x, Values.toStr(args.get(0)), line) : x;
            int testAt = byAttribute ? 1 : 0;
            boolean ok = args.size() <= testAt ? Values.truthy(subject)
                    : Tests.apply(Values.toStr(args.get(testAt)), subject, args.subList(testAt + 1, args.size()), line);
            if (ok == keep) {
                out.add(x);
            }
        }
        return out;
    }

    private static List<Object> map(Object v, List<Object> args, Map<String, Object> kw, int line) {
        List<Object> out = new ArrayList<>();
        for (Object x : Values.iterate(v, line)) {
            if (kw.containsKey("attribute")) {
                Object y = Operators.item(x, kw.get("attribute"), line);
                out.add(y instanceof Undefined && kw.containsKey("default") ? kw.get("default") : y);
            } else {
                out.add(apply(Values.toStr(args.get(0)), x, args.subList(1, args.size()), new LinkedHashMap<>(), line));
            }
        }
        return out;
    }
}
