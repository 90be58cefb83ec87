package io.github.gsi4j.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.bench.server.GpuLatencyModel;
import io.github.gsi4j.bench.server.GpuLikeServer;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.testing.Concurrently;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.VllmBaseModel;
import io.github.gsi4j.vllm.VllmProcessRewardScorer;

/**
 * The quick benchmark suite: P1–P5 measured side by side in one run against a {@link GpuLikeServer} (the
 * base model and the PRM) with a Jlama draft in this JVM, and P6–P10, the draft at the shape of Qwen2.5-0.5B
 * ({@link RealShapeFigures}). Prints one table with each figure's goal, writes
 * {@code target/bench-results.csv} and PNG plots under {@code target/plots}.
 * <p>
 * Run: {@code bin/with-jdk ./mvnw -B -q -Pbench -DskipTests package -pl bench -am}.
 */
public final class QuickSuite {

    static final Path OUT = Path.of("target");
    static final Policy[] POLICIES = { Policy.GSI, Policy.SOFT_BON_BASE, Policy.RSD, Policy.SOFT_BON_DRAFT,
            Policy.IMPORTANCE_RESAMPLING };
    static final String SYSTEM = "Please reason step by step, and put your final answer within \\boxed{}. "
            + "Show every step of the calculation on its own line, and check the result before you answer.";
    static final String[] QUESTIONS = { "What is 12 times 13?", "Solve 2x + 3 = 11 for x.",
            "How many primes are below 30?", "What is the sum of the first ten odd numbers?",
            "A train covers 120 km in 1.5 hours. What is its speed?", "Simplify (x^2 - 1)/(x - 1)." };
    /** The paper's setting: n = 16, β = 20, u = 0.5. */
    static final GsiOptions PAPER = GsiOptions.builder().n(16).beta(20).threshold(0.5).maxSteps(4).maxStepTokens(24)
            .build();

    /** Draft replicas for P5 (system property {@code gsi.bench.draft-replicas}). */
    static final int DRAFT_REPLICAS = Integer.getInteger("gsi.bench.draft-replicas", 4);
    /** Which parts run (system property {@code gsi.bench.parts}, e.g. {@code P5}); all by default. */
    static final String PARTS = System.getProperty("gsi.bench.parts", "P1,P2,P3,P4,P5,acceptance,real");

    private final List<JlamaModel> draftReplicas;
    private final GpuLikeServer server;
    private final SuiteResults results = new SuiteResults();
    /** GSI's acceptance rate measured in P3, for the break-even (the paper's range when P3 did not run). */
    private double acceptance = BreakEven.PAPER_ACCEPTANCE;

    QuickSuite(List<JlamaModel> draftReplicas, GpuLikeServer server) {
        this.draftReplicas = draftReplicas;
        this.server = server;
    }

    static boolean runs(String part) {
        return Arrays.asList(PARTS.split(",")).contains(part);
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        GpuLatencyModel latency = GpuLatencyModel.fromSystemProperties();
        System.out.printf("GSI quick benchmark suite, %d cores, Java %s%nGPU-like server: %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), latency);
        List<JlamaModel> drafts = new ArrayList<>();
        try (JlamaModel base = JlamaModel.load(BenchModels.base());
                GpuLikeServer server = new GpuLikeServer(base, "bench/base-7b", latency)) {
            for (int i = 0; i < Math.max(1, DRAFT_REPLICAS); i++) {
                drafts.add(drafts.isEmpty() ? JlamaModel.load(BenchModels.draft()) : drafts.get(0).replica());
            }
            JlamaModel draft = drafts.get(0);
            QuickSuite suite = new QuickSuite(drafts, server);
            int[] prompt = draft.encodeChat(List.of(SystemMessage.from(SYSTEM), UserMessage.from(QUESTIONS[0])));
            System.out.printf("Draft and base: %s; base = draft + %.2f relative Gaussian weight noise%n  %s%n",
                    draft.folder().getFileName(), BenchModels.BASE_NOISE, BenchModels.distance(draft, base, prompt, 12));
            if (runs("P1") || runs("P3") || runs("P4")) {
                suite.p1p3p4();
            }
            if (runs("P2")) {
                suite.p2();
            }
            if (runs("P5")) {
                suite.p5();
            }
            if (runs("acceptance")) {
                suite.acceptanceGrid();
            }
            if (runs("real")) {
                RealShapeFigures.addTo(suite, suite.acceptance);
            }
            suite.results.printTable();
            suite.results.writeCsv(OUT.resolve("bench-results.csv"));
        } finally {
            drafts.forEach(JlamaModel::close);
        }
        System.out.printf("%nSuite finished in %.0f s; CSV %s, plots in %s%n", (System.nanoTime() - t0) / 1e9,
                OUT.resolve("bench-results.csv").toAbsolutePath(), OUT.resolve("plots").toAbsolutePath());
    }

    /** A chat model on the server, with the given options, scoring base and reward in parallel or not. */
    GuidedSpeculativeChatModel model(GsiOptions options, boolean parallel) {
        return model(options, parallel, 1);
    }

    /** The same, drafting on the first {@code replicas} draft instances. */
    GuidedSpeculativeChatModel model(GsiOptions options, boolean parallel, int replicas) {
        RemoteEndpoint endpoint = RemoteEndpoint.builder().baseUrl(server.url()).readTimeout(Duration.ofMinutes(2))
                .build();
        GuidedSpeculativeChatModel.Builder b = GuidedSpeculativeChatModel.builder()
                .draftModel(new JlamaDraftModel(draftReplicas.subList(0, replicas), false))
                .baseModel(new VllmBaseModel(new JsonHttpClient(endpoint), server.modelName()))
                .rewardScorer(new VllmProcessRewardScorer(new JsonHttpClient(endpoint), "prm",
                        PrmPromptRenderer.qwenMathPrm()))
                .options(options);
        if (!parallel) {
            b.executor(Runnable::run);
        }
        return b.build();
    }

    static ChatRequest request(int i, Policy policy) {
        GsiChatRequestParameters.Builder p = GsiChatRequestParameters.builder().seed((long) i);
        if (policy != null) {
            p.policy(policy);
        }
        return ChatRequest.builder().messages(SystemMessage.from(SYSTEM), UserMessage.from(QUESTIONS[i % QUESTIONS.length]))
                .parameters(p.build()).build();
    }

    static GsiStats ask(GuidedSpeculativeChatModel model, int i, Policy policy) {
        return ((GsiChatResponseMetadata) model.chat(request(i, policy)).metadata()).stats();
    }

    /** Sums of many requests' statistics. */
    static final class Totals {
        long requests;
        long steps;
        long draftSteps;
        long fallbackSteps;
        long baseGenerated;
        long other;
        long total;
        long wall;
        GpuLikeServer.Counters server;

        void add(GsiStats s) {
            requests++;
            steps += s.steps();
            draftSteps += s.draftSteps();
            fallbackSteps += s.fallbackSteps();
            baseGenerated += s.baseTokensGenerated();
            other += s.otherNanos();
            total += s.totalNanos();
        }

        double msPerStep() {
            return wall / 1e6 / steps;
        }

        double acceptance() {
            return (double) draftSteps / steps;
        }

        double baseTokensPerStep() {
            return (double) baseGenerated / steps;
        }

        double overhead() {
            return (double) other / total;
        }
    }

    Totals run(GuidedSpeculativeChatModel model, Policy policy, int requests) {
        ask(model, 1000, policy); // warm-up
        ask(model, 1001, policy);
        Totals t = new Totals();
        GpuLikeServer.Counters before = server.counters();
        long t0 = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            t.add(ask(model, i, policy));
        }
        t.wall = System.nanoTime() - t0;
        t.server = server.counters().minus(before);
        return t;
    }

    /** P1 overhead, P3 base decode tokens and P4 step latency: every policy, with and without parallel scoring. */
    void p1p3p4() {
        int requests = 6;
        System.out.printf("%nP1/P3/P4: %d requests a policy (%d steps of up to %d tokens, n=%d, beta=%.0f, u=%.1f)%n",
                requests, PAPER.limits().maxSteps(), PAPER.limits().maxStepTokens(), PAPER.n(), PAPER.beta(),
                PAPER.gsi().threshold());
        System.out.printf("  %-22s %9s %12s %11s %10s %13s %13s%n", "policy", "overhead", "ms/step", "ms/step seq",
                "accepted", "base tok/step", "GPU ms/step");
        Map<Policy, Totals> parallel = new EnumMap<>(Policy.class);
        Map<Policy, Totals> sequential = new EnumMap<>(Policy.class);
        GuidedSpeculativeChatModel par = model(PAPER, true);
        GuidedSpeculativeChatModel seq = model(PAPER, false);
        for (Policy p : POLICIES) {
            Totals a = run(par, p, requests);
            Totals b = run(seq, p, requests);
            parallel.put(p, a);
            sequential.put(p, b);
            System.out.printf("  %-22s %8.2f%% %12.1f %11.1f %9.0f%% %13.1f %13.1f%n", p, 100 * a.overhead(), a.msPerStep(),
                    b.msPerStep(), 100 * a.acceptance(), a.baseTokensPerStep(), a.server.modelledNanos() / 1e6 / a.steps);
            csv("P1", p, "overhead_fraction", a.overhead());
            csv("P3", p, "base_tokens_per_step", a.baseTokensPerStep());
            csv("P3", p, "acceptance", a.acceptance());
            csv("P4", p, "ms_per_step_parallel", a.msPerStep());
            csv("P4", p, "ms_per_step_sequential", b.msPerStep());
            csv("P4", p, "gpu_ms_per_step", a.server.modelledNanos() / 1e6 / a.steps);
        }
        System.out.printf("  (GPU-like server: %d of %d requests computed slower than their modelled GPU time)%n",
                parallel.values().stream().mapToLong(t -> t.server.overruns()).sum(),
                parallel.values().stream().mapToLong(t -> t.server.requests()).sum());
        double worstOverhead = Arrays.stream(POLICIES).mapToDouble(p -> parallel.get(p).overhead()).max().orElse(0);
        row("P1 orchestration overhead", String.format("max %.2f%% (GSI %.2f%%)", 100 * worstOverhead,
                100 * parallel.get(Policy.GSI).overhead()), "< 3%", worstOverhead < 0.03);
        Totals gsi = parallel.get(Policy.GSI);
        Totals bonBase = parallel.get(Policy.SOFT_BON_BASE);
        acceptance = gsi.acceptance();
        double p3 = gsi.baseTokensPerStep() / bonBase.baseTokensPerStep();
        row("P3 base decode tokens/step", String.format("%.3fx (%.1f vs %.1f) at %.0f%% acceptance", p3,
                gsi.baseTokensPerStep(), bonBase.baseTokensPerStep(), 100 * gsi.acceptance()), "<= 0.25x at >= 80%",
                p3 <= 0.25 && gsi.acceptance() >= 0.8);
        double p4 = gsi.msPerStep() / bonBase.msPerStep();
        row("P4 step latency", String.format("%.2fx (GSI %.0f ms vs SOFT_BON_BASE %.0f ms; RSD %.0f, SOFT_BON_DRAFT %.0f;"
                + " sequential scoring GSI %.0f ms)", p4, gsi.msPerStep(), bonBase.msPerStep(),
                parallel.get(Policy.RSD).msPerStep(), parallel.get(Policy.SOFT_BON_DRAFT).msPerStep(),
                sequential.get(Policy.GSI).msPerStep()), "<= 0.6x", p4 <= 0.6);
        Plots.bars(OUT.resolve("plots/step-latency.png"), "Latency per step (ms), GPU-like base server", "ms per step",
                names(), List.of(series("parallel scoring", parallel, Totals::msPerStep),
                        series("sequential scoring", sequential, Totals::msPerStep)));
        Plots.bars(OUT.resolve("plots/base-tokens.png"), "Base-model tokens generated per step", "tokens per step",
                names(), List.of(series("base tokens/step", parallel, Totals::baseTokensPerStep)));
    }

    /** P2: drafts after a 512-token prompt from one shared prefill versus one prefill each (hidden 256 model). */
    void p2() {
        System.out.println();
        double[] r = JlamaDraftBenchmark.prefixReuseRatio();
        csv("P2", null, "shared_vs_independent_prefill", r[0]);
        row("P2 draft prefix reuse", String.format("%.2fx (%.2fx per draft token)", r[0], r[1]), ">= 4x", r[0] >= 4);
    }

    /**
     * P5: 1, 2, 4, 8 callers on one chat model sending the same 16 requests, drafting on one model instance and
     * on several. The server first answers the 16 requests once, unmeasured, then replays those answers (after
     * the same modelled GPU time), so that its own CPU work, which a GPU would do, is not charged to the
     * 2 cores the callers share.
     */
    void p5() throws Exception {
        int requests = 16;
        System.out.printf("%nP5 concurrency: callers on one GuidedSpeculativeChatModel, GSI, %d requests a row%n", requests);
        server.replayAnswers(true);
        GuidedSpeculativeChatModel priming = model(PAPER, true, 1);
        for (int i = 0; i < requests; i++) {
            ask(priming, i, Policy.GSI);
        }
        long replayedBefore = server.replayed();
        GpuLikeServer.Counters before = server.counters();
        System.out.printf("  %-9s %-8s %14s %10s %10s %9s%n", "replicas", "callers", "requests/s", "p50 ms", "p99 ms",
                "CPU busy");
        Map<Integer, Double> ratios = new LinkedHashMap<>();
        for (int replicas : draftReplicas.size() == 1 ? new int[] { 1 } : new int[] { 1, draftReplicas.size() }) {
            GuidedSpeculativeChatModel model = model(PAPER, true, replicas);
            for (int w = 0; w < 2 * replicas; w++) { // warms every replica
                ask(model, w, Policy.GSI);
            }
            Map<Integer, Double> throughput = new LinkedHashMap<>();
            for (int callers : new int[] { 1, 2, 4, 8 }) {
                long t0 = System.nanoTime();
                long cpu0 = processCpuNanos();
                List<Long> all = new ArrayList<>(Concurrently.run(callers, requests / callers, Duration.ofMinutes(10),
                        i -> {
                            long start = System.nanoTime();
                            ask(model, i, Policy.GSI);
                            return System.nanoTime() - start;
                        }));
                double wall = (System.nanoTime() - t0) / 1e9;
                double busy = (processCpuNanos() - cpu0) / 1e9 / wall / Runtime.getRuntime().availableProcessors();
                all.sort(null);
                double rps = all.size() / wall;
                throughput.put(callers, rps);
                double p50 = all.get(all.size() / 2) / 1e6;
                double p99 = all.get(Math.min(all.size() - 1, (int) Math.ceil(all.size() * 0.99) - 1)) / 1e6;
                System.out.printf("  %-9d %-8d %14.2f %10.0f %10.0f %8.0f%%%n", replicas, callers, rps, p50, p99,
                        100 * busy);
                String suffix = replicas == 1 ? "" : "_replicas" + replicas;
                csv("P5", null, "requests_per_second_" + callers + suffix, rps);
                csv("P5", null, "p50_ms_" + callers + suffix, p50);
                csv("P5", null, "p99_ms_" + callers + suffix, p99);
            }
            ratios.put(replicas, throughput.get(8) / throughput.get(1));
        }
        GpuLikeServer.Counters served = server.counters().minus(before);
        System.out.printf("  (GPU-like server: %d of %d measured requests replayed from the priming pass)%n",
                server.replayed() - replayedBefore, served.requests());
        server.replayAnswers(false);
        int best = draftReplicas.size();
        String measured = ratios.size() == 1 ? String.format("%.2fx throughput at 8 vs 1 callers (1 draft instance)",
                ratios.get(1))
                : String.format("%.2fx throughput at 8 vs 1 callers with %d draft replicas (1 instance: %.2fx)",
                        ratios.get(best), best, ratios.get(1));
        row("P5 concurrency", measured, ">= 1.6x", ratios.get(best) >= 1.6);
    }

    /** CPU time of this process (draft, HTTP clients and the GPU-like server's own computation). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Acceptance rate of GSI against n and β (on the same GPU-like server; the rate does not depend on its latency). */
    void acceptanceGrid() {
        int[] ns = { 1, 2, 4, 8, 16 };
        double[] betas = { 5, 10, 20 };
        System.out.printf("%nGSI acceptance rate by n and beta (u=%.1f, 4 requests a cell)%n  %-6s", PAPER.gsi().threshold(),
                "n");
        for (double beta : betas) {
            System.out.printf(" %9s", "beta=" + (int) beta);
        }
        System.out.println();
        Map<String, double[]> lines = new LinkedHashMap<>();
        for (double beta : betas) {
            lines.put("beta=" + (int) beta, new double[ns.length]);
        }
        for (int i = 0; i < ns.length; i++) {
            System.out.printf("  %-6d", ns[i]);
            for (double beta : betas) {
                GuidedSpeculativeChatModel m = model(PAPER.toBuilder().n(ns[i]).beta(beta).build(), true);
                Totals t = new Totals();
                for (int r = 0; r < 4; r++) {
                    t.add(ask(m, r, Policy.GSI));
                }
                lines.get("beta=" + (int) beta)[i] = t.acceptance();
                csv("acceptance", Policy.GSI, "n" + ns[i] + "_beta" + (int) beta, t.acceptance());
                System.out.printf(" %8.0f%%", 100 * t.acceptance());
            }
            System.out.println();
        }
        Plots.lines(OUT.resolve("plots/acceptance.png"), "GSI acceptance rate (u = " + PAPER.gsi().threshold() + ")", "n",
                "accepted draft steps", Arrays.stream(ns).asDoubleStream().toArray(), lines);
    }

    private static List<String> names() {
        return List.of("gsi", "bon-base", "rsd", "bon-draft", "imp-resampling");
    }

    private static Plots.Series series(String name, Map<Policy, Totals> totals, java.util.function.ToDoubleFunction<Totals> f) {
        return new Plots.Series(name, Arrays.stream(POLICIES).mapToDouble(p -> f.applyAsDouble(totals.get(p))).toArray());
    }

    void csv(String figure, Policy policy, String metric, double value) {
        results.csv(figure, policy, metric, value);
    }

    void row(String figure, String measured, String goal, boolean met) {
        results.row(figure, measured, goal, met);
    }
}
