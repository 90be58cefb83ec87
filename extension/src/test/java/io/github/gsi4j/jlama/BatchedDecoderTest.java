package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;
import io.github.gsi4j.testing.ReferenceTransformer;
import io.github.gsi4j.testing.TinyModel;
import io.github.gsi4j.testing.TinyModel.Architecture;
import io.github.gsi4j.testing.TinyModel.Spec;

/**
 * The batched decoder against Jlama's own forward pass (one candidate after another) and against the
 * independent double-precision reference, on the generated Llama and Qwen2 fixtures (Qwen2 also with tied
 * embeddings, as Qwen2.5's small models have).
 */
class BatchedDecoderTest {

    /** The fixtures, each with a step delimiter it produces often enough that candidates end at different lengths. */
    static Stream<Arguments> models() {
        return Stream.of(Arguments.of(Spec.random(Architecture.LLAMA, 21), "e"),
                Arguments.of(Spec.random(Architecture.QWEN2, 22), "e"),
                Arguments.of(Spec.random(Architecture.QWEN2, 23).withTiedEmbeddings(), "\n"));
    }

    static Path folder(Spec spec) {
        return TinyModel.write(TinyModel.defaultRoot(), spec);
    }

    static SamplingParams params(int maxTokens, String delimiter) {
        return new SamplingParams(0.9, 0.95, 40, maxTokens, delimiter, ProposalDensity.EXACT);
    }

    static SamplingParams params(int maxTokens) {
        return params(maxTokens, "e");
    }

    static int[] prompt(JlamaModel m) {
        return m.encodeChat(List.of(UserMessage.from("Let x be the number of apples. Then x + 2 = 6. What is x?")));
    }

    @ParameterizedTest
    @MethodSource("models")
    void batchedTokensEqualTheSequentialPathsForTheSameStreams(Spec spec, String delimiter) {
        try (JlamaModel m = JlamaModel.load(folder(spec), 2)) {
            assertThat(m.batched()).isTrue();
            int[] prompt = prompt(m);
            SamplingParams p = params(12, delimiter);
            List<StepCandidate> batched = m.sampleSteps(prompt, 6, p, new SplittableRandom(4));
            List<StepCandidate> sequential = m.sampleStepsSequentially(prompt, 6, p, new SplittableRandom(4));
            for (int c = 0; c < 6; c++) {
                assertThat(batched.get(c).tokens()).as("candidate %d", c).isEqualTo(sequential.get(c).tokens());
                assertThat(batched.get(c).text()).isEqualTo(sequential.get(c).text());
                assertThat(batched.get(c).logProb()).isCloseTo(sequential.get(c).logProb(), within(1e-4));
                assertThat(batched.get(c).endsSequence()).isEqualTo(sequential.get(c).endsSequence());
            }
            assertThat(batched.stream().mapToInt(StepCandidate::size).distinct().count())
                    .as("candidates of different lengths: some leave the batch early").isGreaterThan(1);
        }
    }

    @Test
    void aCandidatesResultDoesNotDependOnTheOtherCandidates() {
        try (JlamaModel m = JlamaModel.load(folder(Spec.random(Architecture.QWEN2, 22)), 2)) {
            int[] prompt = prompt(m);
            List<StepCandidate> nine = m.sampleSteps(prompt, 9, params(10), new SplittableRandom(8));
            List<StepCandidate> three = m.sampleSteps(prompt, 3, params(10), new SplittableRandom(8));
            for (int c = 0; c < 3; c++) { // rows 0-3 ran in a 4-row kernel with 8 other rows, now with 2 others
                assertThat(three.get(c).tokens()).isEqualTo(nine.get(c).tokens());
                assertThat(three.get(c).logProb()).isEqualTo(nine.get(c).logProb());
            }
            SplittableRandom source = new SplittableRandom(8);
            for (int c = 0; c < 9; c++) { // candidate c alone, with the c-th stream of the call's source
                long seed = source.nextLong();
                StepCandidate alone = m.sampleSteps(prompt, 1, params(10), new FixedLong(seed)).get(0);
                assertThat(alone.tokens()).as("candidate %d", c).isEqualTo(nine.get(c).tokens());
                assertThat(alone.logProb()).isEqualTo(nine.get(c).logProb());
            }
        }
    }

    @Test
    void aReplicaSharesThePackedWeightsAndSamplesTheSame() {
        try (JlamaModel m = JlamaModel.load(folder(Spec.random(Architecture.QWEN2, 22)), 2);
                JlamaModel replica = m.replica()) {
            assertThat(replica.folder()).isEqualTo(m.folder());
            assertThat(replica.weightBytes()).isEqualTo(m.weightBytes());
            int[] prompt = prompt(m);
            List<StepCandidate> a = m.sampleSteps(prompt, 3, params(10), new SplittableRandom(12));
            List<StepCandidate> b = replica.sampleSteps(prompt, 3, params(10), new SplittableRandom(12));
            for (int c = 0; c < 3; c++) {
                assertThat(b.get(c).tokens()).isEqualTo(a.get(c).tokens());
                assertThat(b.get(c).logProb()).isEqualTo(a.get(c).logProb());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void reportedDensityIsTheSamplingDistributionsUnderTheReferenceForwardPass(Spec spec, String delimiter)
            throws Exception {
        Path folder = folder(spec);
        ReferenceTransformer reference = new ReferenceTransformer(folder);
        try (JlamaModel m = JlamaModel.load(folder, 2)) {
            int[] prompt = prompt(m);
            SamplingParams p = params(70); // past the 64 positions a candidate's cache starts with
            for (StepCandidate c : m.sampleSteps(prompt, 3, p, new SplittableRandom(5))) {
                assertThat(c.logProb()).isCloseTo(referenceDensity(reference, prompt, c.tokens(), p), within(1e-4));
            }
        }
    }

    /** The candidate's log-density under {@link TokenSampler} applied to the reference's logits. */
    static double referenceDensity(ReferenceTransformer reference, int[] prompt, int[] tokens, SamplingParams p) {
        int[] all = JlamaModelTest.concat(prompt, tokens);
        double[][] logits = reference.logits(all);
        double lp = 0;
        for (int t = 0; t < tokens.length; t++) {
            double[] row = logits[prompt.length + t - 1];
            float[] asFloat = new float[row.length];
            for (int i = 0; i < row.length; i++) {
                asFloat[i] = (float) row[i];
            }
            lp += new TokenSampler(p).logProbabilities(asFloat, asFloat.length)[tokens[t]];
        }
        return lp;
    }

    @ParameterizedTest
    @MethodSource("models")
    void scoringMatchesTheReference(Spec spec, String delimiter) throws Exception {
        Path folder = folder(spec);
        ReferenceTransformer reference = new ReferenceTransformer(folder);
        try (JlamaModel m = JlamaModel.load(folder, 2)) {
            int[] prompt = prompt(m);
            List<int[]> steps = m.sampleSteps(prompt, 3, params(20, delimiter), new SplittableRandom(6)).stream()
                    .map(StepCandidate::tokens).toList();
            List<double[]> scored = m.tokenLogProbs(prompt, steps);
            for (int c = 0; c < steps.size(); c++) {
                double sum = 0;
                for (double v : scored.get(c)) {
                    sum += v;
                }
                assertThat(sum).isCloseTo(reference.logProb(prompt, steps.get(c)), within(1e-4));
            }
        }
    }

    /** A source whose {@code nextLong()} is one given value: the stream a candidate gets from it is known. */
    static final class FixedLong implements java.util.random.RandomGenerator {
        private final long value;

        FixedLong(long value) {
            this.value = value;
        }

        @Override
        public long nextLong() {
            return value;
        }
    }
}
