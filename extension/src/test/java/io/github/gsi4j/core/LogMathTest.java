package io.github.gsi4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LogMathTest {

    static final double NEG_INF = Double.NEGATIVE_INFINITY;

    @Test
    void logSumExpIsStableForLargeAndInfiniteEntries() {
        assertThat(LogMath.logSumExp(new double[] { 1000, 1000 })).isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThat(LogMath.logSumExp(new double[] { -1000, NEG_INF })).isCloseTo(-1000, within(1e-9));
        assertThat(LogMath.logSumExp(new double[] { NEG_INF, NEG_INF })).isEqualTo(NEG_INF);
        assertThat(LogMath.logSumExp(new double[0])).isEqualTo(NEG_INF);
    }

    @Test
    void softmaxOfClampedLogProbsHasNoNaN() {
        double[] p = LogMath.softmax(new double[] { -9999, NEG_INF, 0 });
        assertThat(p).containsExactly(new double[] { 0, 0, 1 }, within(1e-300));
        assertThat(LogMath.softmax(new double[] { NEG_INF, NEG_INF })).containsExactly(0, 0);
    }

    @Test
    void sampleSoftmaxNeverPicksAZeroWeightAndReportsAllZero() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(LogMath.sampleSoftmax(new double[] { NEG_INF, 0, NEG_INF }, r)).isEqualTo(1);
        }
        assertThat(LogMath.sampleSoftmax(new double[] { NEG_INF, NEG_INF }, r)).isEqualTo(-1);
    }

    @Test
    void sampleSoftmaxFollowsTheWeights() {
        SplittableRandom r = new SplittableRandom(2);
        double[] logW = { Math.log(1), Math.log(3) };
        int ones = 0;
        for (int i = 0; i < 100_000; i++) {
            ones += LogMath.sampleSoftmax(logW, r);
        }
        assertThat(ones / 100_000.0).isCloseTo(0.75, within(0.005));
    }

    @Test
    void bisectionFindsTheLogCOfTheTargetRejectionRate() {
        double[] z = { 0.5, 2.0, -1.0, 3.0, NEG_INF };
        double logC = Policy.bisectLogC(z, 0.4);
        double rate = 0;
        for (double v : z) {
            rate += 1 - Math.min(1, Math.exp(v - logC));
        }
        assertThat(rate / z.length).isCloseTo(0.4, within(1e-9));
        // the zero-weight draft alone rejects 1/5 = 0.2 > 0.1: every other draft is accepted
        assertThat(Policy.bisectLogC(z, 0.1)).isEqualTo(-1.0);
    }
}
