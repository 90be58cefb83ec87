package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.tjake.jlama.safetensors.DType;

import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.testing.QuantizedModels;
import io.github.gsi4j.testing.ReferenceTransformer;

/**
 * Quantized drafts: a model quantized by Jlama's own tool loads as it is, and the densities it reports are
 * exact for the quantized weights (checked with the reference forward pass on the weights as Jlama
 * dequantizes them); quantizing on load gives exactly Jlama's Q4, and Q8 with one scale per row.
 */
class QuantizedDraftTest {

    enum Q {
        Q8(DType.I8, DraftQuantization.Q8),
        Q4(DType.Q4, DraftQuantization.Q4);

        final DType jlama;
        final DraftQuantization ours;

        Q(DType jlama, DraftQuantization ours) {
            this.jlama = jlama;
            this.ours = ours;
        }
    }

    @ParameterizedTest
    @EnumSource(Q.class)
    void aModelQuantizedByJlamaLoadsAsItIsWithExactDensities(Q q) throws Exception {
        ReferenceTransformer reference = new ReferenceTransformer(QuantizedModels.dequantized(q.jlama));
        try (JlamaModel m = JlamaModel.load(QuantizedModels.jlamaQuantized(q.jlama), 2)) {
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

    @Test
    void quantizingOnLoadAsQ4IsJlamasQuantizationBitForBit() throws Exception {
        Path source = QuantizedModels.source();
        try (JlamaModel ours = JlamaModel.load(source, 2, DraftQuantization.Q4);
                JlamaModel jlamas = JlamaModel.load(QuantizedModels.jlamaQuantized(DType.Q4), 2);
                JlamaModel full = JlamaModel.load(source, 2)) {
            assertThat(ours.quantization()).isEqualTo(DraftQuantization.Q4);
            int[] prompt = BatchedDecoderTest.prompt(ours);
            var p = BatchedDecoderTest.params(10);
            List<StepCandidate> a = ours.sampleSteps(prompt, 4, p, new SplittableRandom(3));
            List<StepCandidate> b = jlamas.sampleSteps(prompt, 4, p, new SplittableRandom(3));
            for (int c = 0; c < 4; c++) {
                assertThat(a.get(c).tokens()).isEqualTo(b.get(c).tokens());
                assertThat(a.get(c).logProb()).isEqualTo(b.get(c).logProb());
            }
            assertDiffersFromFullPrecision(ours, full, prompt, a);
            // F32 fixture: Q4 holds about 0.6 bytes a weight against 4
            assertThat((double) ours.weightBytes() / full.weightBytes()).isLessThan(0.17);
        }
    }

    /**
     * Q8 quantized on load keeps one scale per output row: its densities are exact for the source's matrices
     * quantized row by row (computed independently in {@link QuantizedModels#rowQuantizedQ8()}), and it holds
     * about a byte a weight.
     */
    @Test
    void quantizingOnLoadAsQ8KeepsOneScaleARowWithExactDensities() throws Exception {
        Path source = QuantizedModels.source();
        ReferenceTransformer reference = new ReferenceTransformer(QuantizedModels.rowQuantizedQ8());
        try (JlamaModel ours = JlamaModel.load(source, 2, DraftQuantization.Q8);
                JlamaModel full = JlamaModel.load(source, 2)) {
            assertThat(ours.quantization()).isEqualTo(DraftQuantization.Q8);
            int[] prompt = BatchedDecoderTest.prompt(ours);
            var p = BatchedDecoderTest.params(10);
            List<StepCandidate> steps = ours.sampleSteps(prompt, 4, p, new SplittableRandom(3));
            List<double[]> scored = ours.tokenLogProbs(prompt, steps.stream().map(StepCandidate::tokens).toList());
            for (int c = 0; c < steps.size(); c++) {
                int[] tokens = steps.get(c).tokens();
                assertThat(steps.get(c).logProb())
                        .isCloseTo(BatchedDecoderTest.referenceDensity(reference, prompt, tokens, p), within(1e-4));
                assertThat(java.util.Arrays.stream(scored.get(c)).sum())
                        .isCloseTo(reference.logProb(prompt, tokens), within(1e-4));
            }
            assertDiffersFromFullPrecision(ours, full, prompt, steps);
            // F32 fixture: one byte a weight and a float a row of 64 (or more), against 4 bytes a weight; less than
            // Jlama's Q8 (a float per 32 weights)
            double ratio = (double) ours.weightBytes() / full.weightBytes();
            assertThat(ratio).isBetween(0.25, 0.27);
            try (JlamaModel jlamas = JlamaModel.load(QuantizedModels.jlamaQuantized(DType.I8), 1)) {
                assertThat(ours.weightBytes()).isLessThan(jlamas.weightBytes());
            }
        }
    }

    /** The quantized model is another model: its scores differ from the full-precision one's. */
    private static void assertDiffersFromFullPrecision(JlamaModel quantized, JlamaModel full, int[] prompt,
            List<StepCandidate> steps) {
        List<int[]> tokens = steps.stream().map(StepCandidate::tokens).toList();
        double q = java.util.Arrays.stream(quantized.tokenLogProbs(prompt, tokens).get(0)).sum();
        double f = java.util.Arrays.stream(full.tokenLogProbs(prompt, tokens).get(0)).sum();
        assertThat(Math.abs(q - f)).isGreaterThan(1e-3);
    }

    @ParameterizedTest
    @EnumSource(Q.class)
    void aQuantizedFolderCannotBeQuantizedAnotherWay(Q q) throws Exception {
        DraftQuantization other = q == Q.Q8 ? DraftQuantization.Q4 : DraftQuantization.Q8;
        Path folder = QuantizedModels.jlamaQuantized(q.jlama);
        assertThatThrownBy(() -> JlamaModel.load(folder, 1, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already quantized");
        try (JlamaModel same = JlamaModel.load(folder, 1, q.ours)) {
            assertThat(same.batched()).isTrue();
        }
    }

}
