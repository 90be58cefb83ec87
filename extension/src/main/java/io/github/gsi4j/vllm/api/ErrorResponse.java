package io.github.gsi4j.vllm.api;

/**
 * vLLM's error answer, {@code {"object": "error", "message": ..., "code": <HTTP status>}} (newer versions
 * nest the same fields under {@code "error"}).
 */
public record ErrorResponse(String object, String message, Integer code) {
}
