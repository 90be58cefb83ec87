/**
 * What the library's tests, the demo application and the benchmarks run on, with no GPU and no download:
 * generated tiny transformer models that Jlama loads ({@link io.github.gsi4j.testing.TinyModel},
 * {@link io.github.gsi4j.testing.TinyModels}, {@link io.github.gsi4j.testing.Bigram},
 * {@link io.github.gsi4j.testing.QuantizedModels}) with their byte-level BPE tokenizer
 * ({@link io.github.gsi4j.testing.TinyTokenizer}); a plain forward pass to check them against
 * ({@link io.github.gsi4j.testing.ReferenceTransformer}); a loopback HTTP server that answers in vLLM's and SGLang's
 * formats ({@link io.github.gsi4j.testing.StubServer}, {@link io.github.gsi4j.testing.FakeVllm},
 * {@link io.github.gsi4j.testing.FakeSglang}, {@link io.github.gsi4j.testing.TestCertificate}); and a helper that
 * runs tasks on many threads at once ({@link io.github.gsi4j.testing.Concurrently}).
 *
 * <p>
 * This module does not depend on the library: doubles of the library's own interfaces (scripted models, toy
 * rewards) stay with the library's tests.
 */
package io.github.gsi4j.testing;
