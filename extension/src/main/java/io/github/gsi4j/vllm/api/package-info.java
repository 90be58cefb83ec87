/**
 * JSON payloads of vLLM's HTTP API: its OpenAI-compatible completions, tokenize and models endpoints,
 * and its pooling and classify endpoints. Request records omit null
 * fields; response records ignore fields they do not name.
 */
package io.github.gsi4j.vllm.api;
