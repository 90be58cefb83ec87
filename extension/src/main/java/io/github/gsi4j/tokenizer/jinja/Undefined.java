package io.github.gsi4j.tokenizer.jinja;

/**
 * Jinja2's default {@code Undefined}: a missing variable, attribute or item. It prints as nothing, is
 * false, iterates as empty and has length 0, but arithmetic on it, or an attribute of it, is an error.
 *
 * @param what what was missing, for error messages
 */
record Undefined(String what) {

    TemplateException error(int line) {
        return new TemplateException(what + " is undefined", line);
    }
}
