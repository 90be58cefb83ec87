package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.safetensors.WeightLoader;
import com.github.tjake.jlama.tensor.AbstractTensor;

import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.testing.ReferenceTransformer;
import io.github.gsi4j.testing.TinyModel;
import io.github.gsi4j.testing.TinyModel.Architecture;
import io.github.gsi4j.testing.TinyModel.Spec;

/**
 * Quantized drafts: a model quantized by Jlama's own tool loads as it is, and the densities it reports are
 * exact for the quantized weights (checked with the reference forward pass on the weights as Jlama
 * dequantizes them); quantizing on load gives exactly Jlama's quantization.
 */
class QuantizedDraftTest {

    static final Spec SOURCE = Spec.random(Architecture.QWEN2, 31);

    enum Q {
        Q8(DType.I8, DraftQuantization.Q8), Q4(DType.Q4, DraftQuantization.Q4);

        final DType jlama;
        final DraftQuantization ours;

        Q(DType jlama, DraftQuantization ours) {
            this.jlama = jlama;
            this.ours = ours;
        }
    }

    /** The source fixture quantized by Jlama's {@code SafeTensorSupport.quantizeModel} (norms and biases kept F32). */
    static synchronized Path jlamaQuantized(Q q) throws IOException {
        Path source = TinyModel.write(TinyModel.defaultRoot(), SOURCE);
        Path out = source.resolveSibling(source.getFileName() + "-J" + q.name());
        if (!Files.exists(out.resolve("model.safetensors"))) {
            delete(out);
            if (!Files.exists(source.resolve("README.md"))) {
                Files.writeString(source.resolve("README.md"), "A generated test model.\n"); // quantizeModel copies it
            }
            SafeTensorSupport.quantizeModel(source, q.jlama, new String[] { "norm", "bias" }, null, Optional.of(out));
        }
        return out;
    }

    /** The same weights as Jlama reads them back ({@code AbstractTensor.get}), as an F32 model for the reference. */
    static synchronized Path dequantized(Q q) throws IOException {
        Path quantized = jlamaQuantized(q);
        Path out = quantized.resolveSibling(quantized.getFileName() + "-F32");
        if (Files.exists(out.resolve("model.safetensors"))) {
            return out;
        }
        Files.createDirectories(out);
        Files.copy(quantized.resolve("config.json"), out.resolve("config.json"));
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        WeightLoader weights = SafeTensorSupport.loadWeights(quantized.toFile());
        for (String name : weights.tensorInfoMap().keySet().stream().sorted().toList()) {
            if (name.endsWith(".qb")) {
                continue;
            }
            AbstractTensor t = weights.load(name);
            int[] shape = weights.tensorInfoMap().get(name).shape;
            int rows = shape.length == 1 ? 1 : shape[0];
            int cols = shape[shape.length - 1];
            float[] values = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    values[r * cols + c] = shape.length == 1 ? t.get(c) : t.get(r, c);
                }
            }
            tensors.put(name, values);
            shapes.put(name, shape);
        }
        writeF32(out.resolve("model.safetensors"), tensors, shapes);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Q.class)
    void aModelQuantizedByJlamaLoadsAsItIsWithExactDensities(Q q) throws Exception {
        ReferenceTransformer reference = new ReferenceTransformer(dequantized(q));
        try (JlamaModel m = JlamaModel.load(jlamaQuantized(q), 2)) {
            assertThat(m.batched()).isTrue();
            int[] prompt = BatchedDecoderTest.prompt(m);
            var p = BatchedDecoderTest.params(10);
            List<StepCandidate> steps = m.sampleSteps(prompt, 3, p, new SplittableRandom(2));
            List<double[]> scored = m.tokenLogProbs(prompt, steps.stream().map(StepCandidate::tokens).toList());
            for (int c = 0; c < steps.size(); c++) {
                int[] tokens = steps.get(c).tokens();
                assertThat(steps.get(c).logProb())
                        .isCloseTo(BatchedDecoderTest.referenceDensity(reference, prompt, tokens, p), within(1e-4));
                assertThat(java.util.Arrays.stream(scored.get(c)).sum())
                        .isCloseTo(reference.logProb(prompt, tokens), within(1e-4));
            }
            assertThatThrownBy(() -> m.sampleStepsSequentially(prompt, 1, p, new SplittableRandom(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("quantized");
        }
    }

    @ParameterizedTest
    @EnumSource(Q.class)
    void quantizingOnLoadIsJlamasQuantizationBitForBit(Q q) throws Exception {
        Path source = TinyModel.write(TinyModel.defaultRoot(), SOURCE);
        try (JlamaModel ours = JlamaModel.load(source, 2, q.ours);
                JlamaModel jlamas = JlamaModel.load(jlamaQuantized(q), 2);
                JlamaModel full = JlamaModel.load(source, 2)) {
            assertThat(ours.quantization()).isEqualTo(q.ours);
            int[] prompt = BatchedDecoderTest.prompt(ours);
            var p = BatchedDecoderTest.params(10);
            List<StepCandidate> a = ours.sampleSteps(prompt, 4, p, new SplittableRandom(3));
            List<StepCandidate> b = jlamas.sampleSteps(prompt, 4, p, new SplittableRandom(3));
            for (int c = 0; c < 4; c++) {
                assertThat(a.get(c).tokens()).isEqualTo(b.get(c).tokens());
                assertThat(a.get(c).logProb()).isEqualTo(b.get(c).logProb());
            }
            // the quantized model is another model: its scores differ from the full-precision one's
            List<int[]> tokens = a.stream().map(StepCandidate::tokens).toList();
            double quantized = java.util.Arrays.stream(ours.tokenLogProbs(prompt, tokens).get(0)).sum();
            double unquantized = java.util.Arrays.stream(full.tokenLogProbs(prompt, tokens).get(0)).sum();
            assertThat(Math.abs(quantized - unquantized)).isGreaterThan(1e-3);
            // F32 fixture: Q8 holds about 1.1 bytes a weight, Q4 about 0.6, against 4
            double ratio = (double) ours.weightBytes() / full.weightBytes();
            assertThat(ratio).isLessThan(q == Q.Q8 ? 0.3 : 0.17);
        }
    }

    @ParameterizedTest
    @EnumSource(Q.class)
    void aQuantizedFolderCannotBeQuantizedAnotherWay(Q q) throws Exception {
        DraftQuantization other = q == Q.Q8 ? DraftQuantization.Q4 : DraftQuantization.Q8;
        Path folder = jlamaQuantized(q);
        assertThatThrownBy(() -> JlamaModel.load(folder, 1, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already quantized");
        try (JlamaModel same = JlamaModel.load(folder, 1, q.ours)) {
            assertThat(same.batched()).isTrue();
        }
    }

    static void writeF32(Path file, Map<String, float[]> tensors, Map<String, int[]> shapes) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            long bytes = 4L * e.getValue().length;
            header.put(e.getKey(), Map.of("dtype", "F32", "shape", shapes.get(e.getKey()), "data_offsets",
                    new long[] { offset, offset + bytes }));
            offset += bytes;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[padded];
        java.util.Arrays.fill(head, (byte) ' ');
        System.arraycopy(json, 0, head, 0, json.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(head);
            for (float[] data : tensors.values()) {
                ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(data);
                out.write(buf.array());
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
