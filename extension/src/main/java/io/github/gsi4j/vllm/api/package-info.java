/**
 * JSON payloads of the model servers' HTTP APIs: vLLM's OpenAI-compatible completions, tokenize,
 * models, pooling and classify endpoints, and SGLang's {@code /generate}. Request records omit null
 * fields; response records ignore fields they do not name.
 */
package io.github.gsi4j.vllm.api;
