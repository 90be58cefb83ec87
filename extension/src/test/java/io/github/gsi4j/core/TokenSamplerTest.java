package io.github.gsi4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TokenSamplerTest {

    static final float[] LOGITS = { 2.0f, 1.0f, 0.5f, -1.0f, 0.0f };

    static SamplingParams params(double t, double topP, int topK, ProposalDensity density) {
        return new SamplingParams(t, topP, topK, 8, "\n\n", density);
    }

    /** log softmax(logits / t) computed by hand, restricted to {@code keep}. */
    static double[] expected(double t, int... keep) {
        double[] out = new double[LOGITS.length];
        java.util.Arrays.fill(out, Double.NEGATIVE_INFINITY);
        double z = 0;
        for (int i : keep) {
            z += Math.exp(LOGITS[i] / t);
        }
        for (int i : keep) {
            out[i] = LOGITS[i] / t - Math.log(z);
        }
        return out;
    }

    @Test
    void temperatureScalesLogitsBeforeSoftmax() {
        double[] lp = new TokenSampler(params(0.7, 1, 0, ProposalDensity.EXACT)).logProbabilities(LOGITS, 5);
        assertThat(lp).containsExactly(expected(0.7, 0, 1, 2, 3, 4), within(1e-12));
    }

    @Test
    void topKKeepsTheKMostLikelyTokens() {
        double[] lp = new TokenSampler(params(1, 1, 2, ProposalDensity.EXACT)).logProbabilities(LOGITS, 5);
        assertThat(lp).containsExactly(expected(1, 0, 1), within(1e-12));
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheMass() {
        double[] full = expected(1, 0, 1, 2, 3, 4);
        double p0 = Math.exp(full[0]);
        double p01 = p0 + Math.exp(full[1]);
        // just above p0: tokens 0 and 1 are needed
        double[] lp = new TokenSampler(params(1, p0 + 1e-9, 0, ProposalDensity.EXACT)).logProbabilities(LOGITS, 5);
        assertThat(lp).containsExactly(expected(1, 0, 1), within(1e-12));
        // exactly reached by the top three
        lp = new TokenSampler(params(1, p01 + 1e-9, 0, ProposalDensity.EXACT)).logProbabilities(LOGITS, 5);
        assertThat(lp).containsExactly(expected(1, 0, 1, 2), within(1e-12));
    }

    @Test
    void reportedLogProbIsTheSamplingDensityAndFrequenciesFollowIt() {
        TokenSampler sampler = new TokenSampler(params(0.7, 0.9, 4, ProposalDensity.EXACT));
        double[] lp = sampler.logProbabilities(LOGITS, 5);
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[5];
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            TokenSampler.Draw d = sampler.sample(LOGITS, 5, random);
            assertThat(d.logProb()).isEqualTo(lp[d.token()]);
            counts[d.token()]++;
        }
        for (int k = 0; k < 5; k++) {
            assertThat((double) counts[k] / draws).isCloseTo(Math.exp(lp[k]), within(0.005));
        }
    }

    @Test
    void rawDensityReportsTemperatureOneLogProbs() {
        TokenSampler sampler = new TokenSampler(params(0.5, 1, 0, ProposalDensity.RAW));
        TokenSampler.Draw d = sampler.sample(LOGITS, 5, new SplittableRandom(3));
        assertThat(d.logProb()).isCloseTo(expected(1, 0, 1, 2, 3, 4)[d.token()], within(1e-12));
    }

    @Test
    void greedyTakesTheArgMaxWithLogProbZero() {
        TokenSampler.Draw d = new TokenSampler(params(0, 1, 0, ProposalDensity.EXACT))
                .sample(LOGITS, 5, new SplittableRandom(3));
        assertThat(d.token()).isZero();
        assertThat(d.logProb()).isZero();
    }

    @Test
    void onlyTheFirstVocabSizeLogitsAreUsed() {
        float[] padded = { 2.0f, 1.0f, 0.5f, -1.0f, 0.0f, 50f, 50f };
        double[] lp = new TokenSampler(params(1, 1, 0, ProposalDensity.EXACT)).logProbabilities(padded, 5);
        assertThat(lp).containsExactly(expected(1, 0, 1, 2, 3, 4), within(1e-12));
    }

    @Test
    void reusedWorkingArraysGiveTheDrawsAndDensitiesOfFreshOnes() {
        TokenSampler sampler = new TokenSampler(params(0.7, 0.9, 40, ProposalDensity.EXACT));
        TokenSampler.Scratch scratch = new TokenSampler.Scratch();
        SplittableRandom logitsSource = new SplittableRandom(5);
        for (int round = 0; round < 40; round++) {
            int vocab = round % 3 == 0 ? 50 : 300; // the arrays are resized when the vocabulary changes
            float[] logits = new float[vocab + 7];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (3 * logitsSource.nextGaussian());
            }
            TokenSampler.Draw fresh = sampler.sample(logits, 7, vocab, new SplittableRandom(round));
            TokenSampler.Draw reused = sampler.sample(logits, 7, vocab, new SplittableRandom(round), scratch);
            assertThat(reused).isEqualTo(fresh);
            double[] all = sampler.logProbabilities(logits, 7, vocab);
            assertThat(all[fresh.token()]).isEqualTo(fresh.logProb());
            for (int token = 0; token < vocab; token += 7) {
                assertThat(sampler.logProbability(logits, 7, vocab, token, scratch)).isEqualTo(all[token]);
            }
        }
    }
}
