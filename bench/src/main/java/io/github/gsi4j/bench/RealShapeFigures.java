package io.github.gsi4j.bench;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.gsi4j.jlama.DraftQuantization;

/** The quick suite's real-shape rows. */
final class RealShapeFigures {

    private RealShapeFigures() {
    }

    /**
     * P6–P10: the draft at the shape of Qwen2.5-0.5B (random BF16 weights, real vocabulary): batched against
     * sequential decoding, single-sequence speed, top-p sampling, Q8 against BF16, and the break-even against
     * soft best-of-n on a GPU base. The full table (1.5B shape, Q4) is {@code -Pbench-real}.
     */
    static void addTo(QuickSuite suite, double acceptance) {
        System.out.printf("%n%s", SamplingFigure.measure());
        double topP = SamplingFigure.topP09();
        RealShapeBenchmark.Results r = RealShapeBenchmark.run(List.of("0.5b"), List.of(DraftQuantization.NONE,
                DraftQuantization.Q8), false);
        r.print();
        JsonNode none = r.get("0.5b", DraftQuantization.NONE).orElseThrow();
        JsonNode q8 = r.get("0.5b", DraftQuantization.Q8).orElseThrow();
        JsonNode batched = RealShapeBenchmark.Results.figure(none, "batched", 16).orElseThrow();
        JsonNode sequential = RealShapeBenchmark.Results.figure(none, "sequential", 16).orElseThrow();
        JsonNode single = RealShapeBenchmark.Results.figure(none, "batched", 1).orElseThrow();
        JsonNode singleQ8 = RealShapeBenchmark.Results.figure(q8, "batched", 1).orElseThrow();
        JsonNode generate = RealShapeBenchmark.Results.figure(none, "jlama-generate", 1).orElseThrow();
        double b = RealShapeBenchmark.Results.tokensPerSecond(batched);
        double s = RealShapeBenchmark.Results.tokensPerSecond(sequential);
        double step = RealShapeBenchmark.Results.stepMs(batched) / 1e3;
        double one = RealShapeBenchmark.Results.tokensPerSecond(single);
        double oneQ8 = RealShapeBenchmark.Results.tokensPerSecond(singleQ8);
        double rss = q8.get("rssBatchedBytes").asDouble() / none.get("rssBatchedBytes").asDouble();
        suite.csv("P6", null, "batched_n16_tokens_per_second", b);
        suite.csv("P6", null, "sequential_n16_tokens_per_second", s);
        suite.csv("P6", null, "batched_n16_step_seconds", step);
        suite.csv("P7", null, "single_sequence_tokens_per_second", one);
        suite.csv("P8", null, "top_p_0.9_ms_per_token", topP);
        suite.csv("P9", null, "q8_single_sequence_speedup", oneQ8 / one);
        suite.csv("P9", null, "q8_rss_fraction", rss);
        String load = "load " + none.get("loadBefore").asText();
        suite.row("P6 batched draft n=16, 0.5B", String.format("%.2fx (%.1f vs %.1f tok/s sequential; %s)", b / s, b, s, load),
                ">= 3x", b / s >= 3);
        suite.row("P6 moonshot: 1.5x llama.cpp",
                String.format("%.1f tok/s aggregate, step %.1f s (prefill + 16 x 32)", b, step),
                ">= 115 tok/s, <= 5.5 s", b >= 115 && step <= 5.5);
        suite.row("P7 single sequence, 0.5B", String.format("%.1f tok/s (Jlama generate %.1f)", one,
                RealShapeBenchmark.Results.tokensPerSecond(generate)), ">= 22 tok/s", one >= 22);
        suite.row("P8 top-p 0.9 at 151936", String.format("%.2f ms a token", topP), "<= 2 ms", topP <= 2);
        double weights = q8.get("weightBytes").asDouble() / none.get("weightBytes").asDouble();
        suite.row("P9 Q8 draft vs BF16, 0.5B", String.format("%.2fx single-sequence speed at %.0f%% of the RSS (weights"
                + " alone %.0f%%)", oneQ8 / one, 100 * rss, 100 * weights), ">= 1.5x at <= 60%",
                oneQ8 / one >= 1.5 && rss <= 0.6);
        double needed = BreakEven.requiredTokensPerSecond(16, 32, acceptance, BreakEven.PAPER_BASE_STEP_SECONDS);
        suite.row("P10 break-even vs soft BoN", String.format("needs %.0f tok/s at t_B 0.9 s and %.0f%% acceptance: %.1fx the"
                + " measured draft", needed, 100 * acceptance, needed / b), "(information)", b >= needed);
        BreakEven.print(Optional.of(batched), Optional.empty(), acceptance);
    }

}
