package io.github.gsi4j.tokenizer.jinja;

import java.util.List;
import java.util.Map;

/** A function a template can call: a global, a bound method, or a macro. */
@FunctionalInterface
interface JinjaCallable {

    Object call(List<Object> args, Map<String, Object> kwargs, int line);
}
