package io.github.gsi4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.jlama.DraftQuantization;
import io.github.gsi4j.jlama.JlamaModel;

/**
 * One configuration of the real-shape benchmark (a model shape and a quantization), measured in its own JVM
 * so that its memory is its own: after loading, for n = 1, 4, 16 candidates of 32 tokens after a 256-token
 * prompt, the prefill and the decoding of the batched path, then (unquantized only) the same on the sequential
 * path and Jlama's own {@code generate} on one sequence. Each figure is the fastest of
 * {@code gsi.bench.real.runs} runs (at least 5 for the batched path). Prints one {@code RESULT} line of JSON for
 * {@link RealShapeBenchmark}.
 */
public final class RealShapeRun {

    static final int PROMPT = 256;
    static final int STEP = 32;
    static final int[] NS = { 1, 4, 16 };
    /** A delimiter the model never produces: every candidate runs to 32 tokens (or end of sequence). */
    static final String NO_DELIMITER = "\u0000\u0001";

    private RealShapeRun() {
    }

    /**
     * One path at one n: milliseconds of prefill (256 tokens) and of decoding, wall clock and the process's CPU
     * time during decoding (what the figure would take on idle cores, spread over them), and the tokens decoded.
     */
    record Figure(String path, int n, double prefillMs, double decodeMs, double decodeCpuMs, int tokens) {
        double decodeTokensPerSecond() {
            return tokens / (decodeMs / 1e3);
        }

        double stepMs() {
            return prefillMs + decodeMs;
        }
    }

    public static void main(String[] args) throws Exception {
        RealShapeModel shape = RealShapeBenchmark.shape(args[0]);
        DraftQuantization quantization = DraftQuantization.valueOf(args[1]);
        boolean full = args.length < 3 || !args[2].equals("batched-only");
        int runs = Integer.getInteger("gsi.bench.real.runs", 2);
        Path folder = shape.write(RealShapeModel.defaultRoot());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("shape", shape.name());
        result.put("quantization", quantization.name());
        result.put("tokenizer", RealShapeModel.realTokenizer(folder) ? "real Qwen2.5" : "generated");
        result.put("loadBefore", RealShapeBenchmark.load());
        long t0 = System.nanoTime();
        try (JlamaModel model = JlamaModel.load(folder, 4, quantization)) {
            result.put("loadSeconds", (System.nanoTime() - t0) / 1e9);
            result.put("weightBytes", model.weightBytes());
            System.gc();
            List<Figure> figures = new ArrayList<>();
            int[] variant = { 0 };
            warmUp(model);
            // the batched figures take seconds: more runs of them, so that a pause of the machine's other tenants
            // does not decide the single-sequence ratios (Q8 against BF16, against llama.cpp)
            int batchedRuns = Math.max(runs, 5);
            for (int n : NS) {
                figures.add(best(batchedRuns, () -> measure(model, "batched", n, variant[0]++)));
            }
            result.put("rssBatchedBytes", rss("VmRSS"));
            if (full) {
                for (int n : NS) {
                    figures.add(best(runs, () -> measure(model, "sequential", n, variant[0]++)));
                }
                figures.add(best(runs, () -> jlamaGenerate(model, variant[0]++)));
            }
            result.put("figures", figures);
            result.put("rssPeakBytes", rss("VmHWM"));
        }
        result.put("loadAfter", RealShapeBenchmark.load());
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
    }

    interface Measure {
        Figure run();
    }

    /** The fastest of {@code runs} runs (the least disturbed by the other processes on the machine). */
    static Figure best(int runs, Measure m) {
        Figure best = null;
        for (int i = 0; i < runs; i++) {
            Figure f = m.run();
            if (best == null || f.stepMs() < best.stepMs()) {
                best = f;
            }
        }
        return best;
    }

    static void warmUp(JlamaModel model) {
        SamplingParams p = params().withMaxTokens(4);
        model.sampleSteps(prompt(-1), 4, p, new SplittableRandom(1));
        model.sampleSteps(prompt(-2), 1, p, new SplittableRandom(1));
    }

    static SamplingParams params() {
        return new SamplingParams(0.7, 1, 0, STEP, NO_DELIMITER, ProposalDensity.EXACT);
    }

    /** A 256-token prompt of ordinary (non-special) ids; variants differ from the second token on. */
    static int[] prompt(int variant) {
        SplittableRandom r = new SplittableRandom(42 + variant);
        int[] p = new int[PROMPT];
        p[0] = RealShapeModel.BOS;
        for (int i = 1; i < p.length; i++) {
            p[i] = r.nextInt(150_000);
        }
        return p;
    }

    /**
     * A step on a fresh prompt: first one token (the prefill of all 256 and one sampled token), then the n
     * candidates from the now cached prompt (decoding only).
     */
    static Figure measure(JlamaModel model, String path, int n, int variant) {
        int[] prompt = prompt(variant);
        boolean batched = path.equals("batched");
        long t0 = System.nanoTime();
        sample(model, batched, prompt, 1, params().withMaxTokens(1), 0);
        long t1 = System.nanoTime();
        long c1 = cpuNanos();
        List<StepCandidate> c = sample(model, batched, prompt, n, params(), variant);
        long t2 = System.nanoTime();
        int tokens = c.stream().mapToInt(StepCandidate::size).sum();
        return new Figure(path, n, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (cpuNanos() - c1) / 1e6, tokens);
    }

    private static List<StepCandidate> sample(JlamaModel m, boolean batched, int[] prompt, int n, SamplingParams p,
            long seed) {
        return batched ? m.sampleSteps(prompt, n, p, new SplittableRandom(seed))
                : m.sampleStepsSequentially(prompt, n, p, new SplittableRandom(seed));
    }

    /** Jlama's own {@code generate}: its prompt processing and its token loop, on one sequence. */
    static Figure jlamaGenerate(JlamaModel model, int variant) {
        String text = model.decode(prompt(variant));
        int[] encoded = model.encode(text);
        long c0 = cpuNanos();
        Generator.Response r = model.jlama().generate(UUID.randomUUID(), PromptContext.of(text), 0.7f,
                encoded.length + 1 + STEP, (s, f) -> {
                });
        double cpuMs = (cpuNanos() - c0) / 1e6;
        double decodeCpu = cpuMs * r.generateTimeMs / Math.max(1, r.generateTimeMs + r.promptTimeMs);
        return new Figure("jlama-generate", 1, r.promptTimeMs * (double) PROMPT / Math.max(1, r.promptTokens),
                r.generateTimeMs, decodeCpu, r.generatedTokens);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** A field of /proc/self/status in bytes (0 where there is no such file). */
    static long rss(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
