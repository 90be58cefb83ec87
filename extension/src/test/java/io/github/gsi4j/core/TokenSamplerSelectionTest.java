package io.github.gsi4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link TokenSampler}'s partial selection and fast exponential against the sort-based reference
 * ({@link SortingTokenSampler}): the same kept set and the same log-probabilities, over logits that are
 * flat, peaked, and full of ties, for a grid of temperatures, top-k and top-p.
 */
class TokenSamplerSelectionTest {

    static List<float[]> logits() {
        SplittableRandom r = new SplittableRandom(17);
        List<float[]> out = new ArrayList<>();
        for (double spread : new double[] { 0.3, 2, 8 }) { // nearly uniform, typical, very peaked
            float[] l = new float[3000];
            for (int i = 0; i < l.length; i++) {
                l[i] = (float) (r.nextGaussian() * spread);
            }
            out.add(l);
        }
        float[] ties = new float[3000]; // few distinct values: the boundary falls among equal logits
        for (int i = 0; i < ties.length; i++) {
            ties[i] = r.nextInt(6);
        }
        out.add(ties);
        out.add(new float[500]); // all equal
        return out;
    }

    @Test
    void keptSetsAndLogProbabilitiesAreTheSortingReferences() {
        int cases = 0;
        for (float[] l : logits()) {
            for (double t : new double[] { 0.3, 0.7, 1, 1.6 }) {
                for (int k : new int[] { 0, 1, 7, 100, l.length - 1, l.length + 3 }) {
                    // masses that no sum of equal probabilities hits exactly (at an exact boundary, which token
                    // is the last kept depends on the rounding of the running sum, in either implementation)
                    for (double p : new double[] { 1, 0.987, 0.9013, 0.5037, 0.1049, 1e-6 }) {
                        SamplingParams params = new SamplingParams(t, p, k, 8, "\n", ProposalDensity.EXACT);
                        double[] expected = new SortingTokenSampler(params).logProbabilities(l, l.length);
                        double[] actual = new TokenSampler(params).logProbabilities(l, l.length);
                        int firstWrong = -1;
                        for (int i = 0; i < l.length && firstWrong < 0; i++) {
                            boolean removed = expected[i] == Double.NEGATIVE_INFINITY;
                            if (removed ? actual[i] != Double.NEGATIVE_INFINITY
                                    : !(Math.abs(actual[i] - expected[i]) <= 1e-12)) {
                                firstWrong = i;
                            }
                        }
                        if (firstWrong >= 0) { // one assertion naming the case and the first token that differs
                            assertThat(actual[firstWrong]).as("token %d, T=%s k=%d p=%s", firstWrong, t, k, p)
                                    .isCloseTo(expected[firstWrong], within(1e-12));
                        }
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(5 * 4 * 6 * 6);
    }

    @Test
    void theDrawnTokensDensityIsTheOneReported() {
        float[] l = logits().get(1);
        SamplingParams params = new SamplingParams(0.8, 0.9, 50, 8, "\n", ProposalDensity.EXACT);
        TokenSampler sampler = new TokenSampler(params);
        double[] lp = new SortingTokenSampler(params).logProbabilities(l, l.length);
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 2000; i++) {
            TokenSampler.Draw d = sampler.sample(l, l.length, random);
            assertThat(lp[d.token()]).isGreaterThan(Double.NEGATIVE_INFINITY);
            assertThat(d.logProb()).isCloseTo(lp[d.token()], within(1e-12));
        }
    }

    @Test
    void anOffsetSelectsTheRowOfLogits() {
        float[] l = logits().get(1);
        float[] two = new float[2 * l.length + 5];
        System.arraycopy(l, 0, two, l.length + 5, l.length);
        SamplingParams params = new SamplingParams(0.8, 0.9, 0, 8, "\n", ProposalDensity.EXACT);
        TokenSampler sampler = new TokenSampler(params);
        assertThat(sampler.logProbabilities(two, l.length + 5, l.length))
                .containsExactly(sampler.logProbabilities(l, l.length));
        assertThat(sampler.sample(two, l.length + 5, l.length, new SplittableRandom(4)))
                .isEqualTo(sampler.sample(l, l.length, new SplittableRandom(4)));
        assertThat(TokenSampler.logSoftmaxAt(two, l.length + 5, l.length, 17))
                .isEqualTo(TokenSampler.logSoftmaxAt(l, l.length, 17));
    }

    @Test
    void theVectorAndScalarExponentialsGiveTheSameBits() {
        assertThat(FastExp.vectorised()).as("the tests run with jdk.incubator.vector on a 256-bit CPU").isTrue();
        SplittableRandom r = new SplittableRandom(9);
        for (int n : new int[] { 0, 1, 3, 4, 7, 1001, 151_936 }) {
            double[] x = new double[n];
            float[] f = new float[n + 3];
            for (int i = 0; i < n; i++) {
                x[i] = i % 97 == 5 ? Double.NEGATIVE_INFINITY
                        : i % 89 == 7 ? -730 - r.nextDouble() * 20
                                : r.nextGaussian() * 6;
                f[i + 3] = (float) x[i];
            }
            double max = 25;
            double[] vector = new double[n];
            double[] scalar = new double[n];
            assertThat(VectorExp.weigh(x, max, vector)).as("n = %d", n).isEqualTo(FastExp.weighScalar(x, max, scalar));
            assertThat(vector).isEqualTo(scalar);
            assertThat(VectorExp.sumExp(f, 3, n, max)).isEqualTo(FastExp.sumExpScalar(f, 3, n, max));
        }
    }

    @Test
    void aNucleusThatReachesIntoTheSmallestWeightsIsExact() {
        // one large logit and groups of equal small ones, all below 2^-40 of it (the bucket the smallest weights
        // share): the boundary falls in the middle of the group at -29, far from any rounding of the sums (each weight is
        // over a thousand times the rounding of a sum near 1)
        float[] l = new float[301];
        for (int i = 1; i < l.length; i++) {
            l[i] = i % 3 == 0 ? -28 : i % 3 == 1 ? -29 : -45;
        }
        double target = 1 + 100 * Math.exp(-28) + 50.5 * Math.exp(-29);
        double total = 1 + 100 * Math.exp(-28) + 100 * Math.exp(-29) + 100 * Math.exp(-45);
        SamplingParams params = new SamplingParams(1, target / total, 0, 8, "\n", ProposalDensity.EXACT);
        double[] expected = new SortingTokenSampler(params).logProbabilities(l, l.length);
        double[] actual = new TokenSampler(params).logProbabilities(l, l.length);
        int keptAt29 = 0;
        for (int i = 0; i < l.length; i++) {
            if (expected[i] == Double.NEGATIVE_INFINITY) {
                assertThat(actual[i]).as("token %d", i).isEqualTo(Double.NEGATIVE_INFINITY);
            } else {
                assertThat(actual[i]).as("token %d", i).isCloseTo(expected[i], within(1e-12));
                keptAt29 += l[i] == -29 ? 1 : 0;
            }
        }
        assertThat(keptAt29).as("the group at -29 is cut after its 51st token").isEqualTo(51);
    }

    @Test
    void fastExpIsWithinFourUlpsOfMathExp() {
        SplittableRandom r = new SplittableRandom(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = -r.nextDouble() * (i % 2 == 0 ? 40 : 745);
            double expected = Math.exp(x);
            double actual = FastExp.exp(x);
            if (expected > 0) {
                worst = Math.max(worst, Math.abs(actual - expected) / expected);
            } else {
                assertThat(actual).isZero();
            }
        }
        assertThat(worst).isLessThan(4.5e-16);
        assertThat(FastExp.exp(0)).isEqualTo(1.0);
        assertThat(FastExp.exp(Double.NEGATIVE_INFINITY)).isZero();
    }
}
