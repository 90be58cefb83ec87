package io.github.gsi4j.tokenizer.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.gsi4j.tokenizer.MarkedText;

/**
 * The Python methods templates call on strings ({@code strip}, {@code lstrip}, {@code rstrip},
 * {@code split}, {@code rsplit}, {@code startswith}, {@code endswith}, {@code replace}, {@code find},
 * {@code count}, {@code join}, case changes...), dicts ({@code items}, {@code keys}, {@code values},
 * {@code get}) and lists ({@code index}, {@code count}). Mutating methods are not offered, as in Hugging
 * Face's sandboxed environment. String results keep the data marks of the characters they come from.
 */
final class Methods {

    private Methods() {
    }

    /** The bound method {@code name} of {@code target}, or null when it has none. */
    static JinjaCallable bind(Object target, String name) {
        return switch (target) {
            case MarkedText s -> stringMethod(s, name);
            case Map<?, ?> m -> dictMethod(m, name);
            case List<?> l -> listMethod(l, name);
            default -> null;
        };
    }

    private static Object arg(List<Object> args, int i) {
        return i < args.size() ? args.get(i) : null;
    }

    private static String text(Object v, String method, int line) {
        if (v instanceof MarkedText t) {
            return t.text();
        }
        throw new TemplateException(method + "() argument must be str, not " + Values.typeName(v), line);
    }

    private static JinjaCallable stringMethod(MarkedText s, String name) {
        String t = s.text();
        return switch (name) {
            case "strip", "lstrip", "rstrip" -> (args, kw, line) -> {
                Object chars = arg(args, 0);
                String set = chars == null ? null : text(chars, name, line);
                int start = 0;
                int end = t.length();
                if (!name.equals("rstrip")) {
                    while (start < end && stripped(t.charAt(start), set)) {
                        start++;
                    }
                }
                if (!name.equals("lstrip")) {
                    while (end > start && stripped(t.charAt(end - 1), set)) {
                        end--;
                    }
                }
                return s.substring(start, end);
            };
            case "split", "rsplit" -> (args, kw, line) -> {
                Object sep = kw.containsKey("sep") ? kw.get("sep") : arg(args, 0);
                Object max = kw.containsKey("maxsplit") ? kw.get("maxsplit") : arg(args, 1);
                long maxsplit = max == null ? -1 : Values.toLong(max);
                return sep == null ? splitWhitespace(s, maxsplit, name.equals("rsplit"))
                        : split(s, text(sep, name, line), maxsplit, name.equals("rsplit"), line);
            };
            case "startswith", "endswith" -> (args, kw, line) -> {
                Object p = arg(args, 0);
                List<?> options = p instanceof List<?> l ? l : List.of(p == null ? Values.str("") : p);
                for (Object o : options) {
                    String x = text(o, name, line);
                    if (name.equals("startswith") ? t.startsWith(x) : t.endsWith(x)) {
                        return true;
                    }
                }
                return false;
            };
            case "replace" -> (args, kw, line) -> replace(s, text(arg(args, 0), name, line),
                    Values.marked(arg(args, 1)), arg(args, 2) == null ? -1 : Values.toLong(arg(args, 2)));
            case "find", "index", "rfind", "rindex" -> (args, kw, line) -> {
                String x = text(arg(args, 0), name, line);
                int i = name.startsWith("r") ? t.lastIndexOf(x) : t.indexOf(x);
                if (i < 0 && name.endsWith("index")) {
                    throw new TemplateException("substring not found", line);
                }
                return (long) (i < 0 ? -1 : t.codePointCount(0, i));
            };
            case "count" -> (args, kw, line) -> {
                String x = text(arg(args, 0), name, line);
                if (x.isEmpty()) {
                    return (long) t.codePointCount(0, t.length()) + 1;
                }
                long n = 0;
                for (int i = t.indexOf(x); i >= 0; i = t.indexOf(x, i + x.length())) {
                    n++;
                }
                return n;
            };
            case "join" -> (args, kw, line) -> {
                MarkedText out = MarkedText.template("");
                boolean first = true;
                for (Object o : Values.iterate(arg(args, 0), line)) {
                    if (!first) {
                        out = out.concat(s);
                    }
                    if (!(o instanceof MarkedText m)) {
                        throw new TemplateException("sequence item: expected str instance, " + Values.typeName(o)
                                + " found", line);
                    }
                    out = out.concat(m);
                    first = false;
                }
                return out;
            };
            case "upper" -> (args, kw, line) -> recase(s, t.toUpperCase(Locale.ROOT));
            case "lower", "casefold" -> (args, kw, line) -> recase(s, t.toLowerCase(Locale.ROOT));
            case "title" -> (args, kw, line) -> recase(s, Filters.title(t));
            case "capitalize" -> (args, kw, line) -> recase(s, t.isEmpty() ? t
                    : t.substring(0, t.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
                            + t.substring(t.offsetByCodePoints(0, 1)).toLowerCase(Locale.ROOT));
            case "splitlines" -> (args, kw, line) -> {
                List<Object> out = new ArrayList<>();
                int start = 0;
                for (int i = 0; i < t.length(); i++) {
                    char c = t.charAt(i);
                    if (c == '\n' || c == '\r' || c == '\u000b' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e
                            || c == 0x85 || c == '\u2028' || c == '\u2029') {
                        out.add(s.substring(start, i));
                        if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
                            i++;
                        }
                        start = i + 1;
                    }
                }
                if (start < t.length()) {
                    out.add(s.substring(start, t.length()));
                }
                return out;
            };
            case "isdigit" -> (args, kw, line) -> !t.isEmpty() && t.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> (args, kw, line) -> !t.isEmpty() && t.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> (args, kw, line) -> !t.isEmpty() && t.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (args, kw, line) -> !t.isEmpty() && Strings.isAllWhitespace(t, 0);
            case "islower" -> (args, kw, line) -> t.codePoints().anyMatch(Character::isLowerCase)
                    && t.codePoints().noneMatch(Character::isUpperCase);
            case "isupper" -> (args, kw, line) -> t.codePoints().anyMatch(Character::isUpperCase)
                    && t.codePoints().noneMatch(Character::isLowerCase);
            default -> null;
        };
    }

    private static boolean stripped(char c, String set) {
        return set == null ? Strings.isWhitespace(c) : set.indexOf(c) >= 0;
    }

    /** The same text marks when the case change keeps the length, else data throughout if any was. */
    private static MarkedText recase(MarkedText s, String changed) {
        if (changed.length() == s.length()) {
            return new MarkedText(changed, s.data());
        }
        return s.hasData(0, s.length()) ? MarkedText.data(changed) : MarkedText.template(changed);
    }

    private static List<Object> split(MarkedText s, String sep, long maxsplit, boolean fromRight, int line) {
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator", line);
        }
        String t = s.text();
        List<int[]> spans = new ArrayList<>();
        if (!fromRight) {
            int start = 0;
            for (int i = t.indexOf(sep); i >= 0 && (maxsplit < 0 || spans.size() < maxsplit); i = t.indexOf(sep, start)) {
                spans.add(new int[] { start, i });
                start = i + sep.length();
            }
            spans.add(new int[] { start, t.length() });
        } else {
            int end = t.length();
            for (int i = t.lastIndexOf(sep, end - sep.length()); i >= 0
                    && (maxsplit < 0 || spans.size() < maxsplit); i = end - sep.length() < 0 ? -1
                            : t.lastIndexOf(sep, end - sep.length())) {
                spans.add(0, new int[] { i + sep.length(), end });
                end = i;
            }
            spans.add(0, new int[] { 0, end });
        }
        List<Object> out = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            out.add(s.substring(span[0], span[1]));
        }
        return out;
    }

    private static List<Object> splitWhitespace(MarkedText s, long maxsplit, boolean fromRight) {
        String t = s.text();
        List<int[]> words = new ArrayList<>();
        int i = 0;
        while (i < t.length()) {
            while (i < t.length() && Strings.isWhitespace(t.charAt(i))) {
                i++;
            }
            if (i >= t.length()) {
                break;
            }
            int start = i;
            while (i < t.length() && !Strings.isWhitespace(t.charAt(i))) {
                i++;
            }
            words.add(new int[] { start, i });
        }
        if (maxsplit >= 0 && words.size() > maxsplit + 1) {
            if (fromRight) {
                int keep = words.size() - (int) maxsplit;
                int[] first = { words.get(0)[0], words.get(keep - 1)[1] };
                List<int[]> rest = new ArrayList<>(words.subList(keep, words.size()));
                rest.add(0, first);
                words = rest;
            } else {
                int[] last = { words.get((int) maxsplit)[0], Strings.rstripWhitespace(t).length() };
                words = new ArrayList<>(words.subList(0, (int) maxsplit));
                words.add(last);
            }
        }
        List<Object> out = new ArrayList<>();
        for (int[] w : words) {
            out.add(s.substring(w[0], w[1]));
        }
        return out;
    }

    static MarkedText replace(MarkedText s, String old, MarkedText with, long count) {
        String t = s.text();
        if (old.isEmpty()) {
            return s; // Python inserts between characters; no chat template does that
        }
        MarkedText out = MarkedText.template("");
        int start = 0;
        long done = 0;
        for (int i = t.indexOf(old); i >= 0 && (count < 0 || done < count); i = t.indexOf(old, start)) {
            out = out.concat(s.substring(start, i)).concat(with);
            start = i + old.length();
            done++;
        }
        return out.concat(s.substring(start, t.length()));
    }

    private static JinjaCallable dictMethod(Map<?, ?> m, String name) {
        return switch (name) {
            case "items" -> (args, kw, line) -> {
                List<Object> out = new ArrayList<>();
                m.forEach((k, v) -> {
                    List<Object> pair = new ArrayList<>(2);
                    pair.add(k instanceof String s ? Values.str(s) : k);
                    pair.add(v);
                    out.add(pair);
                });
                return out;
            };
            case "keys" -> (args, kw, line) -> Values.iterate(m, line);
            case "values" -> (args, kw, line) -> new ArrayList<>(m.values());
            case "get" -> (args, kw, line) -> {
                Object k = Values.key(arg(args, 0));
                return m.containsKey(k) ? m.get(k) : arg(args, 1);
            };
            default -> null;
        };
    }

    private static JinjaCallable listMethod(List<?> l, String name) {
        return switch (name) {
            case "index" -> (args, kw, line) -> {
                for (int i = 0; i < l.size(); i++) {
                    if (Values.eq(l.get(i), arg(args, 0))) {
                        return (long) i;
                    }
                }
                throw new TemplateException(Values.repr(arg(args, 0)) + " is not in list", line);
            };
            case "count" -> (args, kw, line) -> l.stream().filter(x -> Values.eq(x, arg(args, 0))).count();
            default -> null;
        };
    }
}
