package io.github.gsi4j.core;

import static io.github.gsi4j.testing.ExactDistributions.kl;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.testing.ExactDistributions;

/**
 * GSI.md §2 and §5 at large n (16, 64, 256), against closed forms: with the threshold off, GSI's
 * soft pick is self-normalised importance sampling of π_{β,B}, so KL(π_{β,B} ‖ GSI) shrinks with n and
 * ends below that of soft best-of-n on the draft (which tends to π_{β,S}) and of RSD; with the
 * threshold on, GSI tends to π_{β,B}·1[z &gt; β·u] + (1 − A)·π_{β,B}. The base's fallback temperature is
 * 1 here, so the fallback's limit is π_{β,B} exactly as in GSI.md. Prints the KL table.
 */
class LargeNConvergenceTest {

    static final int DRAWS = 40_000;
    static final int[] NS = { 16, 64, 256 };
    static final double BETA = 4;
    static final double THRESHOLD = 0.5;
    static final FidelityFixture WORLD = new FidelityFixture(21, 22, 1.0, 23);

    enum Variant {
        GSI_NO_THRESHOLD,
        GSI_THRESHOLD,
        RSD,
        SOFT_BON_DRAFT,
        SOFT_BON_BASE,
        IMPORTANCE_RESAMPLING
    }

    @Test
    void gsiConvergesToTheTiltedBaseAndBaselinesDoNot() {
        GsiOptions common = WORLD.oneStep(Policy.GSI, 1, BETA).baseTemperature(1.0).build();
        ExactDistributions exact = WORLD.exact(common);
        double[] target = exact.tilted(exact.baseT1());
        Map<Variant, double[]> limits = new EnumMap<>(Variant.class);
        limits.put(Variant.GSI_NO_THRESHOLD, target);
        limits.put(Variant.GSI_THRESHOLD, exact.gsiLimit(THRESHOLD));
        limits.put(Variant.RSD, exact.rsdLimit(common.rsd().threshold()));
        limits.put(Variant.SOFT_BON_DRAFT, exact.tilted(exact.q()));
        limits.put(Variant.SOFT_BON_BASE, exact.tilted(exact.baseFallback()));
        limits.put(Variant.IMPORTANCE_RESAMPLING,
                exact.importanceResamplingLimit(common.importanceResampling().rejectionRate()));

        Map<Variant, double[]> toTarget = new EnumMap<>(Variant.class);
        Map<Variant, double[]> toLimit = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            toTarget.put(v, new double[NS.length]);
            toLimit.put(v, new double[NS.length]);
            for (int i = 0; i < NS.length; i++) {
                double[] empirical = FidelityFixture.smoothed(
                        WORLD.frequencies(options(common, v, NS[i]), DRAWS, 10_000L * NS[i] + v.ordinal()));
                toTarget.get(v)[i] = kl(target, empirical);
                toLimit.get(v)[i] = kl(limits.get(v), empirical);
            }
        }
        print(toTarget, toLimit, exact);

        double[] gsiOff = toTarget.get(Variant.GSI_NO_THRESHOLD);
        assertThat(gsiOff[1]).as("KL(target || GSI) at n=64 vs n=16").isLessThan(gsiOff[0]);
        assertThat(gsiOff[2]).as("KL(target || GSI) at n=256 vs n=64").isLessThan(gsiOff[1]);
        assertThat(gsiOff[2]).isLessThan(toTarget.get(Variant.SOFT_BON_DRAFT)[2]);
        assertThat(gsiOff[2]).isLessThan(toTarget.get(Variant.RSD)[2]);

        double[] gsiOn = toLimit.get(Variant.GSI_THRESHOLD);
        assertThat(gsiOn[1]).as("KL(limit || GSI with threshold) at n=64 vs n=16").isLessThan(gsiOn[0]);
        assertThat(gsiOn[2]).as("KL(limit || GSI with threshold) at n=256 vs n=64").isLessThan(gsiOn[1]);

        // the baselines converge to their own limits, which are not the target
        assertThat(kl(target, limits.get(Variant.SOFT_BON_DRAFT))).isGreaterThan(10 * gsiOff[2]);
        assertThat(toLimit.get(Variant.SOFT_BON_DRAFT)[2]).isLessThan(toTarget.get(Variant.SOFT_BON_DRAFT)[2]);
    }

    private static GsiOptions options(GsiOptions common, Variant v, int n) {
        GsiOptions.Builder b = common.toBuilder().n(n);
        return switch (v) {
            case GSI_NO_THRESHOLD -> b.policy(Policy.GSI).noThreshold().build();
            case GSI_THRESHOLD -> b.policy(Policy.GSI).threshold(THRESHOLD).build();
            case RSD -> b.policy(Policy.RSD).build();
            case SOFT_BON_DRAFT -> b.policy(Policy.SOFT_BON_DRAFT).build();
            case SOFT_BON_BASE -> b.policy(Policy.SOFT_BON_BASE).build();
            case IMPORTANCE_RESAMPLING -> b.policy(Policy.IMPORTANCE_RESAMPLING).build();
        };
    }

    private static void print(Map<Variant, double[]> toTarget, Map<Variant, double[]> toLimit, ExactDistributions e) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nKL table (nats), %d draws per cell, beta=%.1f, u=%.2f, T_S=0.7, T_B=1; "
                + "sampling noise floor ~ %.1e%n", DRAWS, BETA, THRESHOLD, (e.q().length - 1) / (2.0 * DRAWS)));
        sb.append(String.format("%-24s %-26s %-26s%n", "", "KL(pi_beta,B || policy)", "KL(own limit || policy)"));
        sb.append(String.format("%-24s %8s %8s %8s %8s %8s %8s%n", "policy \\ n", 16, 64, 256, 16, 64, 256));
        Map<Variant, String> names = new LinkedHashMap<>();
        for (Variant v : Variant.values()) {
            double[] a = toTarget.get(v);
            double[] b = toLimit.get(v);
            sb.append(String.format("%-24s %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f%n", v, a[0], a[1], a[2], b[0], b[1], b[2]));
        }
        double[] target = e.tilted(e.baseT1());
        sb.append(String.format("limits: KL(pi_beta,B || pi_beta,S)=%.4f, KL(pi_beta,B || RSD limit)=%.4f, "
                + "KL(pi_beta,B || GSI threshold limit)=%.4f%n", kl(target, e.tilted(e.q())),
                kl(target, e.rsdLimit(0.7)), kl(target, e.gsiLimit(THRESHOLD))));
        System.out.print(sb);
    }
}
