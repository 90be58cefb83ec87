package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;

/** Python's operators, attribute and item access, and slicing on interpreter values. */
final class Operators {

    private Operators() {
    }

    static Object binary(String op, Object a, Object b, int line) {
        return switch (op) {
            case "~" -> Values.marked(a).concat(Values.marked(b));
            case "==" -> Values.eq(a, b);
            case "!=" -> !Values.eq(a, b);
            case "<" -> Values.compare(a, b, line) < 0;
            case ">" -> Values.compare(a, b, line) > 0;
            case "<=" -> Values.compare(a, b, line) <= 0;
            case ">=" -> Values.compare(a, b, line) >= 0;
            case "in" -> contains(b, a, line);
            case "not in" -> !contains(b, a, line);
            default -> arithmetic(op, a, b, line);
        };
    }

    static boolean contains(Object container, Object item, int line) {
        return switch (container) {
            case MarkedText t when item instanceof MarkedText s -> t.text().contains(s.text());
            case MarkedText t -> throw new TemplateException("'in <string>' requires string as left operand, not "
                    + Values.typeName(item), line);
            case List<?> l -> l.stream().anyMatch(x -> Values.eq(x, item));
            case Map<?, ?> m -> m.containsKey(Values.key(item));
            case Undefined u -> false;
            default -> throw new TemplateException("argument of type '" + Values.typeName(container)
                    + "' is not iterable", line);
        };
    }

    private static Object arithmetic(String op, Object a, Object b, int line) {
        if (a instanceof Undefined u) {
            throw u.error(line);
        }
        if (b instanceof Undefined u) {
            throw u.error(line);
        }
        if (op.equals("+")) {
            if (a instanceof MarkedText x && b instanceof MarkedText y) {
                return x.concat(y);
            }
            if (a instanceof List<?> x && b instanceof List<?> y) {
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return out;
            }
        }
        if (op.equals("*") && (a instanceof MarkedText || a instanceof List<?>) && b instanceof Long n) {
            return repeat(a, n);
        }
        if (op.equals("*") && (b instanceof MarkedText || b instanceof List<?>) && a instanceof Long n) {
            return repeat(b, n);
        }
        if (!Values.isNumber(a) || !Values.isNumber(b)) {
            throw new TemplateException("unsupported operand type(s) for " + op + ": '" + Values.typeName(a)
                    + "' and '" + Values.typeName(b) + "'", line);
        }
        boolean floats = a instanceof Double || b instanceof Double;
        double x = Values.toDouble(a);
        double y = Values.toDouble(b);
        switch (op) {
            case "/" -> {
                if (y == 0) {
                    throw new TemplateException("division by zero", line);
                }
                return x / y;
            }
            case "//", "%" -> {
                if (y == 0) {
                    throw new TemplateException("integer division or modulo by zero", line);
                }
                if (floats) {
                    double q = Math.floor(x / y);
                    return op.equals("//") ? q : x - q * y;
                }
                long p = Values.toLong(a);
                long q = Values.toLong(b);
                return op.equals("//") ? Math.floorDiv(p, q) : Math.floorMod(p, q);
            }
            case "**" -> {
                if (!floats && y >= 0) {
                    return (long) Math.pow(x, y);
                }
                return Math.pow(x, y);
            }
            default -> {
            }
        }
        if (floats) {
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                default -> x * y;
            };
        }
        long p = Values.toLong(a);
        long q = Values.toLong(b);
        return switch (op) {
            case "+" -> p + q;
            case "-" -> p - q;
            default -> p * q;
        };
    }

    private static Object repeat(Object v, long n) {
        if (v instanceof MarkedText t) {
            MarkedText out = MarkedText.template("");
            for (long i = 0; i < n; i++) {
                out = out.concat(t);
            }
            return out;
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.addAll((List<?>) v);
        }
        return out;
    }

    /** {@code obj.name}: a method or attribute first, then an item, as Jinja's {@code getattr}. */
    static Object attribute(Object target, String name, int line) {
        switch (target) {
            case Undefined u -> throw u.error(line);
            case Loop l -> {
                Object v = l.attribute(name);
                return v == null ? new Undefined("loop." + name) : v;
            }
            case Namespace n -> {
                return n.attributes.containsKey(name) ? n.attributes.get(name) : new Undefined("namespace." + name);
            }
            default -> {
            }
        }
        JinjaCallable method = Methods.bind(target, name);
        if (method != null) {
            return method;
        }
        if (target instanceof Map<?, ?> m) {
            return m.containsKey(name) ? m.get(name) : new Undefined("'dict object' has no attribute '" + name + "'; it");
        }
        return new Undefined("'" + Values.typeName(target) + " object' has no attribute '" + name + "'; it");
    }

    /** {@code obj[key]}: an item first, then an attribute, as Jinja's {@code getitem}. */
    static Object item(Object target, Object key, int line) {
        switch (target) {
            case Undefined u -> throw u.error(line);
            case Map<?, ?> m -> {
                Object k = Values.key(key);
                if (m.containsKey(k)) {
                    return m.get(k);
                }
                return new Undefined("'dict object' has no attribute '" + k + "'; it");
            }
            case List<?> l when key instanceof Long i -> {
                long idx = i < 0 ? i + l.size() : i;
                return idx >= 0 && idx < l.size() ? l.get((int) idx) : new Undefined("list index " + i);
            }
            case MarkedText t when key instanceof Long i -> {
                List<Object> chars = Values.iterate(t, line);
                long idx = i < 0 ? i + chars.size() : i;
                return idx >= 0 && idx < chars.size() ? chars.get((int) idx) : new Undefined("string index " + i);
            }
            default -> {
            }
        }
        if (key instanceof MarkedText name) {
            return attribute(target, name.text(), line);
        }
        return new Undefined("'" + Values.typeName(target) + " object' has no item " + Values.repr(key) + "; it");
    }

    /** Python's {@code obj[start:stop:step]} on lists and strings. */
    static Object slice(Object target, Object start, Object stop, Object step, int line) {
        if (target instanceof Undefined u) {
            throw u.error(line);
        }
        List<Object> items = target instanceof MarkedText || target instanceof List<?> ? Values.iterate(target, line)
                : null;
        if (items == null) {
            throw new TemplateException("'" + Values.typeName(target) + "' object is not subscriptable", line);
        }
        long n = items.size();
        long s = step == null ? 1 : Values.toLong(step);
        if (s == 0) {
            throw new TemplateException("slice step cannot be zero", line);
        }
        long lo = bound(start, n, s > 0 ? 0 : n - 1, s);
        long hi = bound(stop, n, s > 0 ? n : -1, s);
        List<Object> out = new ArrayList<>();
        for (long i = lo; s > 0 ? i < hi : i > hi; i += s) {
            out.add(items.get((int) i));
        }
        if (target instanceof MarkedText) {
            MarkedText t = MarkedText.template("");
            for (Object c : out) {
                t = t.concat((MarkedText) c);
            }
            return t;
        }
        return out;
    }

    private static long bound(Object v, long n, long dflt, long step) {
        if (v == null) {
            return dflt;
        }
        long i = Values.toLong(v);
        if (i < 0) {
            i += n;
            if (i < 0) {
                i = step > 0 ? 0 : -1;
            }
        } else if (i >= n) {
            i = step > 0 ? n : n - 1;
        }
        return i;
    }
}
