package io.github.gsi4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.gsi4j.testing.ExactDistributions;

/**
 * GSI.md §5: for n = 1, 2, 3 and every policy, the engine's one-step output distribution over 10^5
 * seeded runs matches the exact distribution computed by enumerating all n-tuples of drafts and base
 * samples (χ² test, p &gt; 0.01). The draft and base toy models differ and T_S = T_B = 0.7, so a wrong
 * sign or a wrong temperature in the importance weight shows up as a failed test.
 */
class PolicyFidelityTest {

    static final int DRAWS = 100_000;
    static final double BETA = 3;
    static final FidelityFixture WORLD = new FidelityFixture(11, 12, 1.5, 13);

    static Stream<Arguments> policiesAndN() {
        return Stream.of(Policy.values()).flatMap(p -> Stream.of(1, 2, 3).map(n -> Arguments.of(p, n)));
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("policiesAndN")
    void engineMatchesExactEnumeration(Policy policy, int n) {
        GsiOptions options = WORLD.oneStep(policy, n, BETA).build();
        double[] expected = exactFor(options);
        assertThat(FidelityFixture.sum(expected)).isCloseTo(1.0, within(1e-9));

        long[] observed = WORLD.frequencies(options, DRAWS, 1_000L * n + policy.ordinal());
        double p = FidelityFixture.chiSquarePValue(expected, observed);
        System.out.printf("fidelity %-22s n=%d  chi2 p=%.4f%n", policy, n, p);
        assertThat(p).as("chi-square p-value of %s at n=%d", policy, n).isGreaterThan(0.01);
    }

    @Test
    void gsiWithMinRewardFallingBackMatchesExactEnumeration() {
        GsiOptions options = WORLD.oneStep(Policy.GSI, 2, BETA).minReward(0.6, MinRewardAction.FALL_BACK).build();
        double[] expected = WORLD.exact(options).gsi(2, options.gsi().threshold(), 0.6);
        double p = FidelityFixture.chiSquarePValue(expected, WORLD.frequencies(options, DRAWS, 77));
        assertThat(p).isGreaterThan(0.01);
    }

    /**
     * {@link MinRewardAction#STOP}, the reference code's minimum reward: a step whose best draft reward (and,
     * after a fallback, best base-sample reward) is below it ends the answer. The closed forms have one outcome
     * more, "ended"; each policy's engine frequencies match them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stoppingPolicies")
    void minRewardStopMatchesExactEnumeration(Policy policy) {
        double minReward = 0.4;
        GsiOptions options = WORLD.oneStep(policy, 2, BETA).minReward(minReward, MinRewardAction.STOP).build();
        ExactDistributions exact = WORLD.exact(options);
        double[] expected = switch (policy) {
            case GSI -> exact.gsiStopping(2, options.gsi().threshold(), minReward);
            case RSD -> exact.rsdStopping(2, options.rsd().threshold(), minReward);
            case SOFT_BON_DRAFT -> exact.softBonDraftStopping(2, minReward);
            case SOFT_BON_BASE -> exact.fallbackStopping(2, minReward);
            default -> throw new IllegalArgumentException(policy.name());
        };
        assertThat(FidelityFixture.sum(expected)).isCloseTo(1.0, within(1e-9));
        double ended = expected[expected.length - 1];
        assertThat(ended).as("the answer ends with a probability worth testing").isBetween(0.05, 0.95);

        long[] observed = WORLD.outcomes(options, DRAWS, 500 + policy.ordinal());
        double p = FidelityFixture.chiSquarePValue(expected, observed);
        System.out.printf("fidelity min-reward stop %-16s P(end)=%.4f  chi2 p=%.4f%n", policy, ended, p);
        assertThat(p).as("chi-square p-value of %s with the minimum reward's stop", policy).isGreaterThan(0.01);
    }

    static Stream<Policy> stoppingPolicies() {
        return Stream.of(Policy.GSI, Policy.RSD, Policy.SOFT_BON_DRAFT, Policy.SOFT_BON_BASE);
    }

    /**
     * The two meanings can be told apart: GSI's output with the stop does not fit the falling-back closed form,
     * and the reverse, so a stop implemented as a fallback (or the other way round) fails the tests above.
     */
    @Test
    void minRewardStopAndFallBackAreDifferentDistributions() {
        GsiOptions fallBack = WORLD.oneStep(Policy.GSI, 2, BETA).minReward(0.55, MinRewardAction.FALL_BACK).build();
        GsiOptions stop = fallBack.toBuilder().minRewardAction(MinRewardAction.STOP).build();
        double[] fallBackForm = java.util.Arrays.copyOf(WORLD.exact(fallBack).gsi(2, fallBack.gsi().threshold(), 0.55),
                WORLD.space.size() + 1);
        double[] stopForm = WORLD.exact(stop).gsiStopping(2, stop.gsi().threshold(), 0.55);
        assertThat(FidelityFixture.chiSquarePValue(fallBackForm, WORLD.outcomes(stop, 20_000, 3))).isLessThan(1e-6);
        long[] fellBack = java.util.Arrays.copyOf(WORLD.frequencies(fallBack, 20_000, 4), WORLD.space.size() + 1);
        assertThat(FidelityFixture.chiSquarePValue(stopForm, fellBack)).isLessThan(1e-6);
    }

    @Test
    void importanceResamplingWithFixedLogCMatchesItsClosedForm() {
        GsiOptions options = WORLD.oneStep(Policy.IMPORTANCE_RESAMPLING, 2, BETA).logC(1.0).build();
        ExactDistributions exact = WORLD.exact(options);
        // GSI.md §4: q̃(y) = min(q(y), g(y)/c) + ρ̄·q(y) with g = q·e^z and ρ̄ the rejection probability
        double[] q = exact.q();
        double[] closedForm = new double[q.length];
        double rejection = 0;
        for (int k = 0; k < q.length; k++) {
            double accept = Math.min(1, Math.exp(exact.z(k) - 1.0));
            closedForm[k] = q[k] * accept;
            rejection += q[k] * (1 - accept);
        }
        for (int k = 0; k < q.length; k++) {
            closedForm[k] += rejection * q[k];
        }
        double[] enumerated = exact.importanceResampling(2, 0.2, 1.0);
        for (int k = 0; k < q.length; k++) {
            assertThat(enumerated[k]).isCloseTo(closedForm[k], within(1e-12));
        }
        double p = FidelityFixture.chiSquarePValue(closedForm, WORLD.frequencies(options, DRAWS, 99));
        assertThat(p).isGreaterThan(0.01);
    }

    /**
     * The test can fail: a draft reporting temperature-1 log-probabilities for a T = 0.7 proposal (the
     * reference code's behaviour, {@link ProposalDensity#RAW}) is not the distribution GSI.md specifies.
     */
    @Test
    void rawProposalDensityIsDetected() {
        GsiOptions options = WORLD.oneStep(Policy.GSI, 3, BETA).proposalDensity(ProposalDensity.RAW).build();
        GsiOptions exactOptions = options.toBuilder().proposalDensity(ProposalDensity.EXACT).build();
        double[] expected = WORLD.exact(exactOptions).gsi(3, options.gsi().threshold(), Double.NaN);
        double p = FidelityFixture.chiSquarePValue(expected, WORLD.frequencies(options, DRAWS, 5));
        assertThat(p).as("a wrong proposal density must be rejected").isLessThan(1e-6);
    }

    static double[] exactFor(GsiOptions o) {
        ExactDistributions exact = WORLD.exact(o);
        int n = o.n();
        return switch (o.policy()) {
            case GSI -> exact.gsi(n, o.gsi().threshold(), Double.NaN);
            case RSD -> exact.rsd(n, o.rsd().threshold());
            case SOFT_BON_DRAFT -> exact.softBonDraft(n);
            case SOFT_BON_BASE -> exact.fallback(n);
            case IMPORTANCE_RESAMPLING -> exact.importanceResampling(n, o.importanceResampling().rejectionRate(), Double.NaN);
        };
    }
}
