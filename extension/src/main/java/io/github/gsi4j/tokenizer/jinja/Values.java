package io.github.gsi4j.tokenizer.jinja;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;

/**
 * The values of the interpreter, with Python's semantics: {@code null} is None, {@link Boolean},
 * {@link Long} for int, {@link Double} for float, {@link MarkedText} for str (every string keeps which of its
 * characters are message data), {@link List} for list and tuple, {@link Map} (String keys) for dict,
 * {@link Namespace}, {@link JinjaCallable}, {@link Loop} and {@link Undefined}.
 */
final class Values {

    private Values() {
    }

    static MarkedText str(String s) {
        return MarkedText.template(s);
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case MarkedText t -> !t.text().isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** Python's {@code str(v)}, as a marked string (the marks of a string value are kept). */
    static MarkedText marked(Object v) {
        return v instanceof MarkedText t ? t : str(toStr(v));
    }

    /** Python's {@code str(v)}. */
    static String toStr(Object v) {
        return switch (v) {
            case null -> "None";
            case Undefined u -> "";
            case Boolean b -> b ? "True" : "False";
            case MarkedText t -> t.text();
            case Double d -> floatRepr(d);
            case List<?> l -> repr(l);
            case Map<?, ?> m -> repr(m);
            default -> v.toString();
        };
    }

    /** Python's {@code repr(v)}. */
    static String repr(Object v) {
        if (v instanceof MarkedText t) {
            String s = t.text();
            char q = s.contains("'") && !s.contains("\"") ? '"' : '\'';
            StringBuilder sb = new StringBuilder().append(q);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c == q) {
                            sb.append('\\').append(c);
                        } else if (c < 0x20 || c == 0x7f) {
                            sb.append(String.format("\\x%02x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append(q).toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ").append(repr(str(String.valueOf(e.getKey())))).append(": ")
                        .append(repr(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        return toStr(v);
    }

    /** Python's repr of a float. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(d);
        if (a != 0 && (a < 1e-4 || a >= 1e16)) {
            String s = Double.toString(d).replace("E", "e");
            String mantissa = s.substring(0, s.indexOf('e')).replaceAll("\\.0$", "");
            int exp = Integer.parseInt(s.substring(s.indexOf('e') + 1));
            return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    static double toDouble(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
    }

    static long toLong(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
    }

    /** Python's {@code ==}. */
    static boolean eq(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumber(a) && isNumber(b)) {
            return a instanceof Double || b instanceof Double ? toDouble(a) == toDouble(b) : toLong(a) == toLong(b);
        }
        if (a instanceof MarkedText x && b instanceof MarkedText y) {
            return x.text().equals(y.text());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!eq(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Python's ordering of numbers, strings and lists. */
    static int compare(Object a, Object b, int line) {
        if (isNumber(a) && isNumber(b)) {
            return a instanceof Double || b instanceof Double ? Double.compare(toDouble(a), toDouble(b))
                    : Long.compare(toLong(a), toLong(b));
        }
        if (a instanceof MarkedText x && b instanceof MarkedText y) {
            return x.text().compareTo(y.text());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i), line);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        if (a instanceof Undefined u) {
            throw u.error(line);
        }
        if (b instanceof Undefined u) {
            throw u.error(line);
        }
        throw new TemplateException("cannot compare " + typeName(a) + " and " + typeName(b), line);
    }

    /** The items a for loop visits: list items, dict keys, string characters; nothing for Undefined. */
    static List<Object> iterate(Object v, int line) {
        return switch (v) {
            case List<?> l -> new ArrayList<>(l);
            case Map<?, ?> m -> {
                List<Object> keys = new ArrayList<>();
                for (Object k : m.keySet()) {
                    keys.add(k instanceof String s ? str(s) : k);
                }
                yield keys;
            }
            case MarkedText t -> {
                List<Object> chars = new ArrayList<>();
                for (int i = 0; i < t.length();) {
                    int n = Character.charCount(t.text().codePointAt(i));
                    chars.add(t.substring(i, i + n));
                    i += n;
                }
                yield chars;
            }
            case Undefined u -> new ArrayList<>();
            case null -> throw new TemplateException("'NoneType' object is not iterable", line);
            default -> throw new TemplateException("'" + typeName(v) + "' object is not iterable", line);
        };
    }

    /** Python's {@code len(v)}. */
    static long length(Object v, int line) {
        return switch (v) {
            case MarkedText t -> t.text().codePointCount(0, t.length());
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case Undefined u -> 0;
            default -> throw new TemplateException("object of type '" + typeName(v) + "' has no len()", line);
        };
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case MarkedText t -> "str";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Undefined u -> "Undefined";
            case Namespace n -> "Namespace";
            default -> v.getClass().getSimpleName();
        };
    }

    /** A dict key: a string value's text. */
    static Object key(Object v) {
        return v instanceof MarkedText t ? t.text() : v;
    }
}
