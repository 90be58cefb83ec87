package io.github.gsi4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.TinyModel;

/**
 * The benchmark's generated models: a draft (Qwen2 layout, hidden 64, 2 layers: fast on a CPU, like a small
 * draft next to a large base) and a base that is the same network with Gaussian noise on its weights, so
 * the two agree the way a draft and base of one family do and acceptance is realistic.
 */
final class BenchModels {

    static final long DRAFT_SEED = 7;
    static final double BASE_NOISE = 0.05;

    private BenchModels() {
    }

    static Path draft() {
        return TinyModel.write(root(), TinyModel.Spec.random(TinyModel.Architecture.QWEN2, DRAFT_SEED));
    }

    static Path base() {
        return TinyModel.write(root(), TinyModel.Spec.perturbed(TinyModel.Architecture.QWEN2, DRAFT_SEED, 11, BASE_NOISE));
    }

    private static Path root() {
        return Path.of("target", "bench-models").toAbsolutePath();
    }

    /**
     * How far apart two models' next-token distributions are, averaged over {@code contexts} contexts drawn
     * from {@code draft} after {@code prompt}: KL(πB‖πS), total variation and the χ² divergence Σ (πB−πS)²/πS.
     */
    record Distance(double kl, double totalVariation, double chiSquare) {
        @Override
        public String toString() {
            return String.format("KL(base||draft) %.3f nats, total variation %.3f, chi-square %.3f (mean over contexts)",
                    kl, totalVariation, chiSquare);
        }
    }

    static Distance distance(JlamaModel draft, JlamaModel base, int[] prompt, int contexts) {
        int vocabulary = Math.min(draft.vocabularySize(), base.vocabularySize());
        List<int[]> everyToken = IntStream.range(0, vocabulary).mapToObj(t -> new int[] { t }).toList();
        JlamaDraftModel sampler = new JlamaDraftModel(draft, false);
        SamplingParams params = new SamplingParams(1, 1, 0, 24, "\u0000\u0001", ProposalDensity.EXACT);
        SplittableRandom random = new SplittableRandom(3);
        List<int[]> ctx = new ArrayList<>();
        while (ctx.size() < contexts) {
            int[] continuation = sampler.sampleSteps(prompt, 1, params, random).get(0).tokens();
            int cut = 1 + random.nextInt(continuation.length);
            int[] c = Arrays.copyOf(prompt, prompt.length + cut);
            System.arraycopy(continuation, 0, c, prompt.length, cut);
            ctx.add(c);
        }
        double kl = 0;
        double tv = 0;
        double chi = 0;
        for (int[] c : ctx) {
            double[] q = probabilities(draft.tokenLogProbs(c, everyToken));
            double[] p = probabilities(base.tokenLogProbs(c, everyToken));
            for (int t = 0; t < vocabulary; t++) {
                if (p[t] > 0) {
                    kl += p[t] * Math.log(p[t] / q[t]);
                }
                tv += Math.abs(p[t] - q[t]) / 2;
                chi += (p[t] - q[t]) * (p[t] - q[t]) / q[t];
            }
        }
        return new Distance(kl / contexts, tv / contexts, chi / contexts);
    }

    private static double[] probabilities(List<double[]> logProbs) {
        double[] p = new double[logProbs.size()];
        for (int t = 0; t < p.length; t++) {
            p[t] = Math.exp(logProbs.get(t)[0]);
        }
        return p;
    }
}
