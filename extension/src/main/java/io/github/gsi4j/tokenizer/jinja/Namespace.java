package io.github.gsi4j.tokenizer.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** The object {@code namespace(...)} makes: attributes a template may set from inside loops. */
final class Namespace {

    final Map<String, Object> attributes = new LinkedHashMap<>();

    @Override
    public String toString() {
        return "<Namespace " + attributes + ">";
    }
}
