/**
 * JSON payloads of SGLang's native {@code /generate} API. Request records omit null fields; response
 * records ignore fields they do not name.
 */
package io.github.gsi4j.sglang.api;
