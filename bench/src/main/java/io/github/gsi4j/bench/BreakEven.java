package io.github.gsi4j.bench;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.gsi4j.bench.server.GpuLatencyModel;

/**
 * Where the draft should not be in the JVM: GSI's step costs the draft's n candidates (t_D), the base's scoring
 * of them on the GPU (t_S, one prefill of n·L tokens) and, when no candidate is accepted (probability 1 − α),
 * the base's own soft best-of-n step (t_B); soft best-of-n on the base costs t_B every step (reward scoring is
 * the same on both sides and cancels). GSI is faster when t_D + t_S + (1 − α)·t_B &lt; t_B, that is when the
 * draft's aggregate speed exceeds n·L / (α·t_B − t_S). The paper's Table 1 puts t_B near 0.9 s for soft
 * best-of-n with a 7B base at n = 16 on a GPU.
 */
final class BreakEven {

    /** The paper's soft best-of-n step time with a 7B base at n = 16 on one GPU. */
    static final double PAPER_BASE_STEP_SECONDS = 0.9;
    /** An acceptance rate in the range the paper reports for GSI at u = 0.5 (overridable). */
    static final double PAPER_ACCEPTANCE = Double.parseDouble(System.getProperty("gsi.bench.acceptance", "0.8"));
    /** The base's scoring of 16 × 32 tokens on the GPU: one prefill (see {@link GpuLatencyModel#H100_7B}). */
    static final double SCORING_SECONDS = GpuLatencyModel.H100_7B.nanos(16 * 32, 0) / 1e9;

    private BreakEven() {
    }

    /** Draft tokens/s needed (aggregate over the n candidates) for GSI to beat soft best-of-n on the base. */
    static double requiredTokensPerSecond(int n, int tokens, double acceptance, double baseStepSeconds) {
        double budget = acceptance * baseStepSeconds - SCORING_SECONDS;
        return budget <= 0 ? Double.POSITIVE_INFINITY : n * tokens / budget;
    }

    /** The base step time at which a draft of {@code draftSeconds} a step breaks even. */
    static double breakEvenBaseStep(double draftSeconds, double acceptance) {
        return (draftSeconds + SCORING_SECONDS) / acceptance;
    }

    /** The break-even table for the measured n = 16 draft steps (decoding plus a 32-token prefill). */
    static void print(Optional<JsonNode> half, Optional<JsonNode> oneAndHalf, double measuredAcceptance) {
        System.out.printf(Locale.ROOT, "%nBreak-even against soft best-of-n on a GPU base (n = 16, 32-token steps; base"
                + " scoring %.0f ms a step)%n", SCORING_SECONDS * 1e3);
        System.out.printf("  %-34s", "draft tokens/s needed, base step");
        double[] bases = { 0.9, 2, 5 };
        for (double b : bases) {
            System.out.printf(Locale.ROOT, " %10s", "t_B " + b + " s");
        }
        System.out.println();
        for (double a : new double[] { 0.5, 0.7, measuredAcceptance, 0.9 }) {
            System.out.printf(Locale.ROOT, "  %-34s", String.format(Locale.ROOT, "acceptance %.2f", a));
            for (double b : bases) {
                System.out.printf(Locale.ROOT, " %10.0f", requiredTokensPerSecond(16, 32, a, b));
            }
            System.out.println();
        }
        line("0.5B shape", half, measuredAcceptance);
        line("1.5B shape", oneAndHalf, measuredAcceptance);
    }

    private static void line(String name, Optional<JsonNode> figure, double acceptance) {
        figure.ifPresent(f -> {
            double tokensPerSecond = RealShapeBenchmark.Results.tokensPerSecond(f);
            double prefillPerToken = f.get("prefillMs").asDouble() / RealShapeRun.PROMPT / 1e3;
            double step = f.get("decodeMs").asDouble() / 1e3 + 32 * prefillPerToken; // a request's next step
            System.out.printf(Locale.ROOT, "  measured %s: %.1f draft tokens/s, %.2f s a step; GSI beats soft best-of-n"
                    + " on the base only if the base step takes more than %.2f s (acceptance %.2f); at the paper's %.1f s"
                    + " it needs %.0f tokens/s (%.1fx)%n", name, tokensPerSecond, step, breakEvenBaseStep(step, acceptance),
                    acceptance, PAPER_BASE_STEP_SECONDS,
                    requiredTokensPerSecond(16, 32, acceptance, PAPER_BASE_STEP_SECONDS),
                    requiredTokensPerSecond(16, 32, acceptance, PAPER_BASE_STEP_SECONDS) / tokensPerSecond);
        });
    }
}
