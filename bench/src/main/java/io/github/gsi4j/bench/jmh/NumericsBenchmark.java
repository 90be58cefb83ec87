package io.github.gsi4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.gsi4j.core.LogMath;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.TokenSampler;

/**
 * The engine's per-token and per-step numerics: sampling a token from raw logits (with its exact density),
 * the log-softmax of one token (base scoring), and the soft best-of-n pick over n log-weights. Vocabulary
 * sizes of Qwen2.5 (151 936) and Llama 3 (128 256); the step figures at the paper's n = 16 and a large n.
 * Run: {@code bin/with-jdk ./mvnw -B -q -Pjmh -DskipTests package -pl bench -am}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NumericsBenchmark {

    @Param({ "128256", "151936" })
    int vocabulary;

    @Param({ "16", "256" })
    int n;

    float[] logits;
    double[] logWeights;
    TokenSampler temperature07;
    TokenSampler topP09;
    SplittableRandom random;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        logits = new float[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            logits[i] = (float) (r.nextGaussian() * 3);
        }
        logWeights = r.doubles(n, -20, 5).toArray();
        temperature07 = new TokenSampler(new SamplingParams(0.7, 1, 0, 16, "\n\n", ProposalDensity.EXACT));
        topP09 = new TokenSampler(new SamplingParams(0.7, 0.9, 0, 16, "\n\n", ProposalDensity.EXACT));
        random = new SplittableRandom(7);
    }

    /** One draft token at temperature 0.7 with its exact log-density. */
    @Benchmark
    public TokenSampler.Draw sampleTemperature() {
        return temperature07.sample(logits, vocabulary, random);
    }

    /** One draft token at temperature 0.7 with nucleus (top-p 0.9) truncation. */
    @Benchmark
    public TokenSampler.Draw sampleTopP() {
        return topP09.sample(logits, vocabulary, random);
    }

    /** log softmax(logits)[token]: one scored token of the embedded base model. */
    @Benchmark
    public double logSoftmaxAt() {
        return TokenSampler.logSoftmaxAt(logits, vocabulary, 17);
    }

    /** The normaliser of a step's n tilted log-weights. */
    @Benchmark
    public double logSumExp() {
        return LogMath.logSumExp(logWeights);
    }

    /** The soft best-of-n pick among n candidates. */
    @Benchmark
    public int sampleSoftmax() {
        return LogMath.sampleSoftmax(logWeights, random);
    }
}
