package io.github.gsi4j.tokenizer.jinja;

import java.util.List;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;

/** Jinja2's tests ({@code x is defined}, {@code x is none}, {@code x is string}, ...). */
final class Tests {

    private Tests() {
    }

    static boolean apply(String name, Object v, List<Object> args, int line) {
        Object a = args.isEmpty() ? null : args.get(0);
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof MarkedText;
            case "number" -> v instanceof Long || v instanceof Double;
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "mapping" -> v instanceof Map<?, ?>;
            case "sequence" -> v instanceof List<?> || v instanceof MarkedText || v instanceof Map<?, ?>;
            case "iterable" -> v instanceof List<?> || v instanceof MarkedText || v instanceof Map<?, ?>;
            case "callable" -> v instanceof JinjaCallable;
            case "escaped" -> false;
            case "lower" -> v instanceof MarkedText t && t.text().equals(t.text().toLowerCase(java.util.Locale.ROOT));
            case "upper" -> v instanceof MarkedText t && t.text().equals(t.text().toUpperCase(java.util.Locale.ROOT));
            case "even" -> Values.toLong(v) % 2 == 0;
            case "odd" -> Values.toLong(v) % 2 != 0;
            case "divisibleby" -> Values.toLong(v) % Values.toLong(a) == 0;
            case "equalto", "eq", "==" -> Values.eq(v, a);
            case "ne", "!=" -> !Values.eq(v, a);
            case "lt", "lessthan", "<" -> Values.compare(v, a, line) < 0;
            case "le", "<=" -> Values.compare(v, a, line) <= 0;
            case "gt", "greaterthan", ">" -> Values.compare(v, a, line) > 0;
            case "ge", ">=" -> Values.compare(v, a, line) >= 0;
            case "in" -> Operators.contains(a, v, line);
            case "sameas" -> v == a || (v != null && Values.eq(v, a) && !(v instanceof List) && !(v instanceof Map));
            default -> throw new TemplateException("no test named '" + name + "'", line);
        };
    }
}
