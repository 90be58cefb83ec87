package io.github.gsi4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.gsi4j.jlama.DraftQuantization;

/**
 * The Jlama draft at the shapes of real checkpoints (Qwen2.5-0.5B and Qwen2.5-Math-1.5B, random BF16 weights,
 * see {@link RealShapeModel}), side by side in one run: for n = 1, 4, 16 candidates of 32 tokens after a
 * 256-token prompt, aggregate draft tokens/s and ms per step on the batched path, the sequential path (Jlama's
 * forward pass, one candidate after another, what the draft did before) and Jlama's own {@code generate} on
 * one sequence; prefill tokens/s; memory (RSS) and speed for each quantization; top-p sampling at Qwen's
 * vocabulary; and the break-even against soft best-of-n on a GPU base ({@link BreakEven}). Each
 * configuration runs in its own JVM ({@link RealShapeRun}) so that its RSS is its own. The machine's load
 * average is printed with every figure.
 * <p>
 * Run: {@code bin/with-jdk ./mvnw -B -q -Pbench-real -DskipTests package -pl bench -am}; system properties
 * {@code gsi.bench.real.shapes} (default {@code 0.5b,1.5b}), {@code gsi.bench.real.quantizations} (default
 * {@code NONE,Q8,Q4}), {@code gsi.bench.real.runs} (runs a figure, the fastest reported; default 2).
 */
public final class RealShapeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealShapeBenchmark() {
    }

    static RealShapeModel shape(String name) {
        return switch (name) {
            case "0.5b" -> RealShapeModel.QWEN25_05B;
            case "1.5b" -> RealShapeModel.QWEN25_MATH_15B;
            default -> throw new IllegalArgumentException("unknown shape " + name + " (0.5b or 1.5b)");
        };
    }

    /** The load averages of the machine (1, 5 and 15 minutes), as /proc/loadavg has them. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> shapes = List.of(System.getProperty("gsi.bench.real.shapes", "0.5b,1.5b").split(","));
        List<DraftQuantization> quantizations = Arrays.stream(System.getProperty("gsi.bench.real.quantizations",
                "NONE,Q8,Q4").split(",")).map(DraftQuantization::valueOf).toList();
        System.out.printf("Real-shape draft benchmark, %d cores, Java %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), load());
        System.out.println(SamplingFigure.measure());
        Results results = run(shapes, quantizations, true);
        results.print();
        BreakEven.print(results.batched16("0.5b"), results.batched16("1.5b"), BreakEven.PAPER_ACCEPTANCE);
    }

    /** Runs each shape × quantization in its own JVM; unquantized runs also measure the sequential paths. */
    static Results run(List<String> shapes, List<DraftQuantization> quantizations, boolean full) {
        Results out = new Results();
        for (String shape : shapes) {
            shape(shape).write(RealShapeModel.defaultRoot()); // generated here, once, not inside a measured child
            for (DraftQuantization q : quantizations) {
                out.add(shape, q, child(shape, q, full && q == DraftQuantization.NONE));
            }
        }
        return out;
    }

    private static JsonNode child(String shape, DraftQuantization q, boolean full) {
        RealShapeModel s = shape(shape);
        long heapMb = Math.max(2048, s.parameters() * 2 / (1 << 20) * 3 / 2 + 1024);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-Xmx" + heapMb + "m",
                // what a deployment that counts its memory sets (production.adoc, "Draft memory"): the serial
                // collector (the JVM's own choice on small machines; the draft's heap is a few large arrays that
                // never move again), a small young generation (decoding allocates ~100 MB/s; a collection of it
                // takes about a millisecond) and little free heap kept after a full collection, so the RSS follows
                // what the draft holds rather than the heap's high-water mark
                "-XX:+UseSerialGC", "-Xmn32m", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dgsi.bench.real.runs=" + Integer.getInteger("gsi.bench.real.runs", 2), "-cp",
                System.getProperty("java.class.path"), RealShapeRun.class.getName(), shape, q.name()));
        if (!full) {
            cmd.add("batched-only");
        }
        System.out.printf("  measuring %s %s in a child JVM (load average %s) ...%n", shape, q, load());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            JsonNode result = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    if (line.startsWith("RESULT ")) {
                        result = JSON.readTree(line.substring(7));
                    } else if (!line.startsWith("WARNING")) {
                        System.out.println("    | " + line);
                    }
                }
            }
            int exit = p.waitFor();
            if (exit != 0 || result == null) {
                throw new IllegalStateException("the benchmark run of " + shape + " " + q + " failed (exit " + exit + ")");
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The runs' results by shape and quantization. */
    static final class Results {
        final Map<String, Map<DraftQuantization, JsonNode>> byShape = new LinkedHashMap<>();

        void add(String shape, DraftQuantization q, JsonNode r) {
            byShape.computeIfAbsent(shape, k -> new LinkedHashMap<>()).put(q, r);
        }

        Optional<JsonNode> get(String shape, DraftQuantization q) {
            return Optional.ofNullable(byShape.getOrDefault(shape, Map.of()).get(q));
        }

        /** A figure of a run: path and n. */
        static Optional<JsonNode> figure(JsonNode run, String path, int n) {
            for (JsonNode f : run.get("figures")) {
                if (f.get("path").asText().equals(path) && f.get("n").asInt() == n) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        static double tokensPerSecond(JsonNode f) {
            return f.get("tokens").asDouble() / (f.get("decodeMs").asDouble() / 1e3);
        }

        static double stepMs(JsonNode f) {
            return f.get("prefillMs").asDouble() + f.get("decodeMs").asDouble();
        }

        /** The unquantized batched n = 16 figure of a shape, if it ran. */
        Optional<JsonNode> batched16(String shape) {
            return get(shape, DraftQuantization.NONE).flatMap(r -> figure(r, "batched", 16));
        }

        void print() {
            for (Map.Entry<String, Map<DraftQuantization, JsonNode>> e : byShape.entrySet()) {
                RealShapeModel s = shape(e.getKey());
                System.out.printf("%n%s shape (%d M parameters, hidden %d, %d layers, %d/%d heads, vocabulary %d),"
                        + " 32-token steps after a %d-token prompt%n", e.getKey(), s.parameters() / 1_000_000,
                        s.hidden(), s.layers(), s.heads(), s.kvHeads(), s.vocabulary(), RealShapeRun.PROMPT);
                System.out.printf("  %-8s %-15s %3s %12s %12s %10s %14s %12s %8s %s%n", "weights", "path", "n",
                        "draft tok/s", "tok/cpu-s", "ms/step", "prefill tok/s", "weights MiB", "RSS MiB", "load average");
                for (Map.Entry<DraftQuantization, JsonNode> r : e.getValue().entrySet()) {
                    JsonNode run = r.getValue();
                    for (JsonNode f : run.get("figures")) {
                        System.out.printf(Locale.ROOT, "  %-8s %-15s %3d %12.1f %12.1f %10.0f %14.0f %12d %8d %s%n",
                                r.getKey(), f.get("path").asText(), f.get("n").asInt(), tokensPerSecond(f),
                                f.get("tokens").asDouble() / (f.get("decodeCpuMs").asDouble() / 1e3), stepMs(f),
                                RealShapeRun.PROMPT / (f.get("prefillMs").asDouble() / 1e3),
                                run.get("weightBytes").asLong() >> 20, run.get("rssBatchedBytes").asLong() >> 20,
                                run.get("loadBefore").asText() + " -> " + run.get("loadAfter").asText());
                    }
                }
                JsonNode none = e.getValue().get(DraftQuantization.NONE);
                if (none != null) {
                    System.out.printf("  tokenizer: %s; load %.0f s (packing included). tok/cpu-s: draft tokens per"
                            + " second of the process's CPU time, the speed on idle cores divided by their number"
                            + " when the work spreads over them%n", none.get("tokenizer").asText(),
                            none.get("loadSeconds").asDouble());
                }
            }
        }
    }
}
