package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;

/**
 * The {@code tojson} filter as Hugging Face defines it: Python's
 * {@code json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)}.
 */
final class Json {

    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final boolean ensureAscii;
    private boolean data;

    private Json(Object indent, List<?> separators, boolean sortKeys, boolean ensureAscii) {
        this.indent = indent == null ? null
                : indent instanceof MarkedText t ? t.text() : " ".repeat((int) Values.toLong(indent));
        this.itemSeparator = separators != null ? Values.toStr(separators.get(0)) : this.indent == null ? ", " : ",";
        this.keySeparator = separators != null ? Values.toStr(separators.get(1)) : ": ";
        this.sortKeys = sortKeys;
        this.ensureAscii = ensureAscii;
    }

    /** The JSON of {@code value}; data throughout when any string in it was data. */
    static MarkedText dumps(Object value, Object indent, List<?> separators, boolean sortKeys, boolean ensureAscii,
            int line) {
        Json j = new Json(indent, separators, sortKeys, ensureAscii);
        StringBuilder sb = new StringBuilder();
        j.write(value, sb, 0, line);
        return j.data ? MarkedText.data(sb.toString()) : MarkedText.template(sb.toString());
    }

    private void write(Object v, StringBuilder sb, int depth, int line) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b ? "true" : "false");
            case Long l -> sb.append(l);
            case Double d -> sb.append(Double.isNaN(d) ? "NaN"
                    : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                            : Values.floatRepr(d));
            case MarkedText t -> {
                data |= t.hasData(0, t.length());
                string(t.text(), sb);
            }
            case List<?> l -> {
                if (l.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i > 0 ? itemSeparator : "");
                    newline(sb, depth + 1);
                    write(l.get(i), sb, depth + 1, line);
                }
                newline(sb, depth);
                sb.append(']');
            }
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                List<Object> keys = new ArrayList<>(m.keySet());
                if (sortKeys) {
                    keys.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
                }
                sb.append('{');
                boolean first = true;
                for (Object k : keys) {
                    sb.append(first ? "" : itemSeparator);
                    newline(sb, depth + 1);
                    string(String.valueOf(k), sb);
                    sb.append(keySeparator);
                    write(m.get(k), sb, depth + 1, line);
                    first = false;
                }
                newline(sb, depth);
                sb.append('}');
            }
            case Namespace n -> write(n.attributes, sb, depth, line);
            default -> throw new TemplateException("Object of type " + Values.typeName(v) + " is not JSON serializable",
                    line);
        }
    }

    private void newline(StringBuilder sb, int depth) {
        if (indent != null) {
            sb.append('\n').append(indent.repeat(depth));
        }
    }

    private void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
