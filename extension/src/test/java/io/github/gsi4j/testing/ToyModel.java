package io.github.gsi4j.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;

/**
 * An enumerable autoregressive toy language model over four tokens: {@code a}, {@code b}, the step
 * delimiter and end of sequence. The next-token logits depend only on the tokens of the current step
 * (those after the last delimiter), and come from a fixed table drawn from {@code seed}, so every step
 * probability can be computed exactly ({@link StepSpace}).
 *
 * <p>
 * It implements both model SPIs with the same sampling code the real adapters use
 * ({@link TokenSampler} densities), so the engine can be tested for exact fidelity.
 */
public final class ToyModel implements DraftModel, BaseModel {

    public static final int A = 0;
    public static final int B = 1;
    public static final int DELIM = 2;
    public static final int EOS = 3;
    public static final int VOCAB = 4;
    private static final String[] TEXT = { "a", "b", "\n\n", "" };

    private final long seed;
    private final double scale;
    private final Map<String, float[]> logits = new ConcurrentHashMap<>();
    private final Map<Distribution, Map<Long, Table>> tables = new ConcurrentHashMap<>();

    /** The token-level sampling distribution (what a cached table depends on). */
    private record Distribution(double temperature, double topP, int topK) {
        static Distribution of(SamplingParams p) {
            return new Distribution(p.temperature(), p.topP(), p.topK());
        }

        SamplingParams params() {
            return new SamplingParams(temperature, topP, topK, 1, "\n\n", ProposalDensity.EXACT);
        }
    }

    /** Next-token log-probabilities and their cumulative distribution after one context. */
    private record Table(double[] logProbs, double[] cdf, double[] rawLogProbs) {
    }

    /**
     * @param seed selects the logit table
     * @param scale standard deviation of the logits (larger: a more peaked model)
     */
    public ToyModel(long seed, double scale) {
        this.seed = seed;
        this.scale = scale;
    }

    /** The text of a token. */
    public static String text(int token) {
        return TEXT[token];
    }

    /** The text of a token sequence. */
    public static String text(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            sb.append(TEXT[t]);
        }
        return sb.toString();
    }

    /** The raw next-token logits after the current-step tokens {@code stepPrefix}. */
    public float[] logits(int[] stepPrefix) {
        return logits.computeIfAbsent(Arrays.toString(stepPrefix), k -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + k.hashCode());
            float[] l = new float[VOCAB];
            for (int i = 0; i < VOCAB; i++) {
                l[i] = (float) (scale * gaussian(r));
            }
            return l;
        });
    }

    /** The next-token log-probabilities after {@code stepPrefix} under {@code params}' sampling. */
    public double[] tokenLogProbs(int[] stepPrefix, SamplingParams params) {
        return new TokenSampler(params).logProbabilities(logits(stepPrefix), VOCAB);
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
        int[] stepStart = currentStep(prefix);
        List<StepCandidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sampleOne(stepStart, params, random));
        }
        return out;
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
        return sampleSteps(prefix, n, params, new SplittableRandom(seed));
    }

    @Override
    public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
        Distribution t1 = new Distribution(1, 1, 0);
        int[] stepStart = currentStep(prefix);
        double[] out = new double[candidates.size()];
        for (int c = 0; c < out.length; c++) {
            long code = code(stepStart);
            int[] ctx = stepStart;
            double lp = 0;
            for (int t : candidates.get(c).tokens()) {
                lp += table(t1, ctx, code).logProbs()[t];
                ctx = append(ctx, t);
                code = code * (VOCAB + 1) + t + 1;
            }
            out[c] = lp;
        }
        return out;
    }

    @Override
    public void close() {
    }

    private StepCandidate sampleOne(int[] stepStart, SamplingParams params, RandomGenerator random) {
        Distribution distribution = Distribution.of(params);
        boolean raw = params.proposalDensity() == ProposalDensity.RAW;
        int[] ctx = stepStart;
        long code = code(stepStart);
        int[] tokens = new int[0];
        double lp = 0;
        while (true) {
            Table table = table(distribution, ctx, code);
            double u = random.nextDouble();
            int t = 0;
            while (t < VOCAB - 1 && u >= table.cdf()[t]) {
                t++;
            }
            lp += raw ? table.rawLogProbs()[t] : table.logProbs()[t];
            tokens = append(tokens, t);
            ctx = append(ctx, t);
            code = code * (VOCAB + 1) + t + 1;
            if (t == DELIM || t == EOS || tokens.length >= params.maxTokens()) {
                return new StepCandidate(tokens, text(tokens), lp, t == EOS);
            }
        }
    }

    private Table table(Distribution distribution, int[] ctx, long code) {
        return tables.computeIfAbsent(distribution, d -> new ConcurrentHashMap<>()).computeIfAbsent(code, k -> {
            double[] lp = tokenLogProbs(ctx, distribution.params());
            double[] cdf = new double[VOCAB];
            double[] rawLp = new double[VOCAB];
            double acc = 0;
            for (int i = 0; i < VOCAB; i++) {
                acc += Math.exp(lp[i]);
                cdf[i] = acc;
                rawLp[i] = TokenSampler.logSoftmaxAt(logits(ctx), VOCAB, i);
            }
            return new Table(lp, cdf, rawLp);
        });
    }

    /** A unique number for a short token sequence (base VOCAB+1 digits); contexts stay short here. */
    private static long code(int[] tokens) {
        long code = 1;
        for (int t : tokens) {
            code = code * (VOCAB + 1) + t + 1;
        }
        return code;
    }

    /** The tokens of the step in progress: those after the last delimiter of {@code prefix}. */
    static int[] currentStep(int[] prefix) {
        int start = prefix.length;
        while (start > 0 && prefix[start - 1] != DELIM) {
            start--;
        }
        return Arrays.copyOfRange(prefix, start, prefix.length);
    }

    static int[] append(int[] a, int t) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = t;
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
