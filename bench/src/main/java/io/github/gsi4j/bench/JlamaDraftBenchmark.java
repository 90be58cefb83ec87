package io.github.gsi4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.TinyModel;

/**
 * The Jlama draft's two performance claims, measured side by side in one run on a generated model of
 * about 25M parameters (hidden 512, 8 layers):
 * <ul>
 * <li>prefix reuse: n = 16 drafts of 32 tokens after a 512-token prompt, from one shared prefill versus
 * one prefill per draft (goal ≥ 4×);</li>
 * <li>decode throughput of our token-level loop versus Jlama's own {@code generate} (goal ≥ 0.9×).</li>
 * </ul>
 * Run: {@code bin/with-jdk ./mvnw -B -q -Pbench -DskipTests package -pl bench -am}.
 */
public final class JlamaDraftBenchmark {

    static final int PROMPT_TOKENS = 512;
    static final int DRAFTS = 16;
    static final int DRAFT_TOKENS = 32;
    static final int DECODE_TOKENS = 128;
    /** A delimiter the model never produces, so every draft runs to its token limit (or end of sequence). */
    static final String NO_DELIMITER = "\u0000\u0001";
    static final int WARM_UP = 1;
    static final int RUNS = 3;

    private JlamaDraftBenchmark() {
    }

    public static void main(String[] args) {
        try (JlamaModel model = JlamaModel.load(smallModel())) {
            prefixReuse(model);
            throughput(model);
        }
    }

    /** The quick suite's smaller model: hidden 256, 4 layers (about 4x cheaper a token). */
    static final TinyModel.Dims QUICK = new TinyModel.Dims(256, 688, 4, 4, 2);

    /** The hidden-512 model, generated on first use. */
    static Path smallModel() {
        return model(TinyModel.Dims.SMALL);
    }

    static Path model(TinyModel.Dims dims) {
        Path folder = TinyModel.write(Path.of("target", "bench-models").toAbsolutePath(),
                TinyModel.Spec.random(TinyModel.Architecture.QWEN2, 7).withDims(dims));
        System.out.printf("Model: %s (Qwen2 layout, hidden %d, %d layers, vocabulary %d), %d cores%n", folder,
                dims.hidden(), dims.layers(), TinyModel.VOCAB, Runtime.getRuntime().availableProcessors());
        return folder;
    }

    /** Runs the prefix-reuse figure on the quick suite's model: {ratio of medians, ratio per draft token}. */
    static double[] prefixReuseRatio() {
        try (JlamaModel model = JlamaModel.load(model(QUICK))) {
            return prefixReuse(model);
        }
    }

    /** A 512-token prompt whose second token is {@code variant}, so variants share only BOS. */
    static int[] prompt(int variant) {
        SplittableRandom r = new SplittableRandom(42);
        int[] p = new int[PROMPT_TOKENS];
        p[0] = TinyModel.TOKENIZER.id("<|endoftext|>");
        for (int i = 1; i < p.length; i++) {
            p[i] = r.nextInt(256);
        }
        p[1] = variant % 256;
        return p;
    }

    static double[] prefixReuse(JlamaModel model) {
        JlamaDraftModel draft = new JlamaDraftModel(model, false);
        SamplingParams params = new SamplingParams(0.7, 1, 0, DRAFT_TOKENS, NO_DELIMITER, ProposalDensity.EXACT);
        int[] counter = { 0 };
        long[] tokens = new long[2]; // draft tokens over all runs (warm-up included), per arm
        Timing shared = Timing.of(WARM_UP, RUNS, () -> Timing.nanos(() -> {
            List<StepCandidate> drafts = draft.sampleSteps(prompt(counter[0]++), DRAFTS, params, new SplittableRandom(1));
            tokens[0] += drafts.stream().mapToInt(StepCandidate::size).sum();
        }));
        Timing independent = Timing.of(WARM_UP, RUNS, () -> Timing.nanos(() -> {
            for (int i = 0; i < DRAFTS; i++) { // a different prompt per draft: nothing to reuse
                tokens[1] += draft.sampleSteps(prompt(counter[0]++), 1, params, new SplittableRandom(i)).get(0).size();
            }
        }));
        System.out.printf("%nP2 prefix reuse: n=%d drafts of up to %d tokens after a %d-token prompt (min / median / max)%n",
                DRAFTS, DRAFT_TOKENS, PROMPT_TOKENS);
        System.out.printf("  shared prefill       %s  (%.0f draft tokens a run)%n", shared.millis(),
                tokens[0] / (double) (WARM_UP + RUNS));
        System.out.printf("  one prefill a draft  %s  (%.0f draft tokens a run)%n", independent.millis(),
                tokens[1] / (double) (WARM_UP + RUNS));
        double ratio = independent.median() / shared.median();
        System.out.printf("  ratio (median)       %.2fx, per draft token %.2fx   goal >= 4x%n", ratio,
                ratio * tokens[0] / tokens[1]);
        return new double[] { ratio, ratio * tokens[0] / tokens[1] };
    }

    static void throughput(JlamaModel model) {
        String text = "Let x be the number of apples. Then x + 2 = 6, so x = 4. ".repeat(3);
        int[] ours = model.encode(text);
        int[] prompt = new int[ours.length + 1];
        prompt[0] = model.jlama().getConfig().bosToken;
        System.arraycopy(ours, 0, prompt, 1, ours.length);
        SamplingParams params = new SamplingParams(0.7, 1, 0, DECODE_TOKENS, NO_DELIMITER, ProposalDensity.EXACT);
        JlamaDraftModel draft = new JlamaDraftModel(model, false);
        draft.sampleSteps(prompt, 1, params.withMaxTokens(1), new SplittableRandom(0)); // prefix now cached

        long[] seed = { 0 };
        Timing gsiLoop = Timing.of(2, 7, () -> {
            long t0 = System.nanoTime();
            int n = draft.sampleSteps(prompt, 1, params, new SplittableRandom(seed[0]++)).get(0).size();
            return (long) (n / ((System.nanoTime() - t0) / 1e9) * 1000); // milli-tokens per second
        });
        Timing jlama = Timing.of(2, 7, () -> {
            Generator.Response r = model.jlama().generate(UUID.randomUUID(), PromptContext.of(text), 0.7f,
                    prompt.length + DECODE_TOKENS, (s, f) -> {
                    });
            return (long) (r.generatedTokens / (Math.max(1, r.generateTimeMs) / 1e3) * 1000);
        });
        System.out.printf(
                "%nDraft decode throughput, %d tokens after a %d-token cached prompt (tokens/s, min / median / max)%n",
                DECODE_TOKENS, prompt.length);
        System.out.printf("  GSI token-level loop  %.0f / %.0f / %.0f%n", gsiLoop.min() / 1e3, gsiLoop.median() / 1e3,
                gsiLoop.max() / 1e3);
        System.out.printf("  Jlama generate        %.0f / %.0f / %.0f%n", jlama.min() / 1e3, jlama.median() / 1e3,
                jlama.max() / 1e3);
        System.out.printf("  ratio (median)        %.2fx   goal >= 0.9x%n", gsiLoop.median() / jlama.median());
    }
}
