package io.github.gsi4j.tokenizer.jinja;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;

/**
 * A Jinja chat template, interpreted as Hugging Face's {@code apply_chat_template} renders it with Jinja2
 * ({@code trim_blocks}, {@code lstrip_blocks}, the loop controls, {@code raise_exception},
 * {@code strftime_now} and Hugging Face's {@code tojson}), for the subset of Jinja that chat templates use:
 * expressions with Python semantics (string methods, slicing such as {@code messages[::-1]}, {@code in},
 * {@code namespace()}), {@code if}/{@code for}/{@code set}/{@code macro}/{@code filter} and the common
 * filters and tests.
 *
 * <p>
 * <b>Values are data.</b> The template is parsed once; what it renders is never parsed again, so a
 * message whose content is {@code {{ 7 * 7 }}} renders as those characters. Strings passed as
 * {@link MarkedText} keep their data marks through every string operation, so the output says which
 * characters came from message content. Immutable and thread-safe.
 */
public final class JinjaTemplate {

    private final List<Node> body;

    private JinjaTemplate(List<Node> body) {
        this.body = body;
    }

    /**
     * Parses a template.
     *
     * @throws TemplateException naming the line of the first syntax error
     */
    public static JinjaTemplate parse(String source) {
        return new JinjaTemplate(Parser.parse(source));
    }

    /**
     * Renders the template with {@code variables} (Java values: {@link String} and {@link MarkedText} for
     * strings, {@link Boolean}, integral and floating {@link Number}s, {@link List}s, {@link Map}s with
     * string keys, null for None).
     *
     * @throws TemplateException naming the template line, for {@code raise_exception} and every error
     */
    public MarkedText render(Map<String, ?> variables) {
        Interpreter.Scope globals = new Interpreter.Scope(null);
        globals.vars.put("range", (JinjaCallable) JinjaTemplate::range);
        globals.vars.put("namespace", (JinjaCallable) (args, kwargs, line) -> {
            Namespace ns = new Namespace();
            for (Object a : args) {
                if (a instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> ns.attributes.put(String.valueOf(k), v));
                }
            }
            ns.attributes.putAll(kwargs);
            return ns;
        });
        globals.vars.put("dict", (JinjaCallable) (args, kwargs, line) -> new LinkedHashMap<Object, Object>(kwargs));
        globals.vars.put("raise_exception", (JinjaCallable) (args, kwargs, line) -> {
            throw new TemplateException(args.isEmpty() ? "raise_exception() called" : Values.toStr(args.get(0)), line);
        });
        globals.vars.put("strftime_now",
                (JinjaCallable) (args, kwargs, line) -> Values.str(strftime(Values.toStr(args.get(0)), LocalDateTime.now())));
        Interpreter.Scope context = new Interpreter.Scope(globals);
        variables.forEach((k, v) -> context.vars.put(k, value(v)));
        return Interpreter.render(body, context);
    }

    /** A Java value as an interpreter value. */
    static Object value(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> Values.str(s);
            case MarkedText t -> t;
            case Boolean b -> b;
            case Double d -> d;
            case Float f -> (double) f;
            case Number n -> n.longValue();
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(value(x)));
                yield out;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
                yield out;
            }
            default -> throw new IllegalArgumentException("unsupported template value of type " + v.getClass().getName());
        };
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs, int line) {
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = Values.toLong(args.get(0));
        } else if (args.size() >= 2) {
            start = Values.toLong(args.get(0));
            stop = Values.toLong(args.get(1));
            step = args.size() > 2 ? Values.toLong(args.get(2)) : 1;
        } else {
            throw new TemplateException("range expected at least 1 argument", line);
        }
        if (step == 0) {
            throw new TemplateException("range() arg 3 must not be zero", line);
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
            if (out.size() > 100_000) {
                throw new TemplateException("range too large", line);
            }
        }
        return out;
    }

    /** Python's {@code strftime} for the common directives. */
    static String strftime(String format, LocalDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                sb.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'd' -> sb.append(String.format("%02d", t.getDayOfMonth()));
                case 'm' -> sb.append(String.format("%02d", t.getMonthValue()));
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> sb.append(String.format("%02d", t.getYear() % 100));
                case 'H' -> sb.append(String.format("%02d", t.getHour()));
                case 'I' -> sb.append(String.format("%02d", (t.getHour() + 11) % 12 + 1));
                case 'M' -> sb.append(String.format("%02d", t.getMinute()));
                case 'S' -> sb.append(String.format("%02d", t.getSecond()));
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'b' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'j' -> sb.append(String.format("%03d", t.getDayOfYear()));
                case '%' -> sb.append('%');
                default -> sb.append('%').append(d);
            }
        }
        return sb.toString();
    }
}
