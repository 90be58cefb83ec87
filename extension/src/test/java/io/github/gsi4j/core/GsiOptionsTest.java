package io.github.gsi4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GsiOptionsTest {

    @Test
    void defaultsAreTheReferenceSettings() {
        GsiOptions o = GsiOptions.defaults();
        assertThat(o.policy()).isEqualTo(Policy.GSI);
        assertThat(o.n()).isEqualTo(16);
        assertThat(o.beta()).isEqualTo(20);
        assertThat(o.gsi().threshold()).isEqualTo(0.5);
        assertThat(o.rsd().threshold()).isEqualTo(0.7);
        assertThat(o.sampling().draftTemperature()).isEqualTo(0.7);
        assertThat(o.sampling().baseTemperature()).isEqualTo(0.7);
        assertThat(o.sampling().topP()).isEqualTo(1);
        assertThat(o.sampling().topK()).isZero();
        assertThat(o.limits().maxStepTokens()).isEqualTo(512);
        assertThat(o.limits().maxSteps()).isEqualTo(45);
        assertThat(o.minReward().value()).isEmpty();
        assertThat(o.importanceResampling().rejectionRate()).isEqualTo(0.2);
        assertThat(o.importanceResampling().logC()).isEmpty();
        assertThat(o.seed()).isEmpty();
        assertThat(o.sampling().stepDelimiter()).isEqualTo("\n\n");
        assertThat(o.sampling().proposalDensity()).isEqualTo(ProposalDensity.EXACT);
        assertThat(o.rewardNormalizer()).isEqualTo(RewardNormalizer.NONE);
    }

    @Test
    void toStringShowsEveryOption() throws Exception {
        GsiOptions o = GsiOptions.builder().stepDelimiter("|").trace(true).build();
        String text = o.toString();
        int checked = 0;
        for (Method m : GsiOptions.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0
                    || Set.of("toBuilder", "toString").contains(m.getName())) {
                continue;
            }
            assertThat(text).contains(m.getName() + "=" + m.invoke(o));
            for (RecordComponent c : m.getReturnType().isRecord() ? m.getReturnType().getRecordComponents()
                    : new RecordComponent[0]) {
                assertThat(text).contains(c.getName() + "=");
                checked++;
            }
            checked++;
        }
        assertThat(checked).as("options and grouped options named").isGreaterThanOrEqualTo(33);
        assertThat(text).contains("stepDelimiter=|", "trace=true");
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                bad("n", b -> b.n(0), "[1, 4096]"),
                bad("n", b -> b.n(5000), "[1, 4096]"),
                bad("beta", b -> b.beta(0), "(0.0, 1000.0]"),
                bad("beta", b -> b.beta(Double.NaN), "(0.0, 1000.0]"),
                bad("threshold", b -> b.threshold(Double.NaN), "finite"),
                bad("threshold", b -> b.threshold(Double.POSITIVE_INFINITY), "finite"),
                bad("rsdThreshold", b -> b.rsdThreshold(1.5), "[0.0, 1.0]"),
                bad("draftTemperature", b -> b.draftTemperature(-0.1), "[0.0, 100.0]"),
                bad("baseTemperature", b -> b.baseTemperature(101), "[0.0, 100.0]"),
                bad("topP", b -> b.topP(0), "(0.0, 1.0]"),
                bad("topK", b -> b.topK(-1), "[0, "),
                bad("maxStepTokens", b -> b.maxStepTokens(0), "[1, 65536]"),
                bad("maxSteps", b -> b.maxSteps(0), "[1, 100000]"),
                bad("maxTokens", b -> b.maxTokens(0), "[1, "),
                bad("minReward", b -> b.minReward(-0.1), "[0.0, 1.0]"),
                bad("rejectionRate", b -> b.rejectionRate(1), "(0.0, 1.0)"),
                bad("logC", b -> b.logC(Double.NaN), "finite"),
                bad("stepDelimiter", b -> b.stepDelimiter(""), "empty"),
                bad("stopSequences", b -> b.stopSequences(List.of("x", "")), "empty"));
    }

    static Arguments bad(String option, Consumer<GsiOptions.Builder> setter, String range) {
        return Arguments.of(option, setter, range);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void invalidValuesNameTheOptionAndItsRange(String option, Consumer<GsiOptions.Builder> setter, String range) {
        assertThatThrownBy(() -> setter.accept(GsiOptions.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(option)
                .hasMessageContaining(range);
    }

    @Test
    void toBuilderCopiesEveryOption() {
        GsiOptions o = GsiOptions.builder().policy(Policy.RSD).n(3).beta(2).noThreshold().rsdThreshold(0.1)
                .draftTemperature(0.3).baseTemperature(0.4).topP(0.9).topK(7).maxStepTokens(9).maxSteps(4)
                .maxTokens(30).minReward(0.2).rejectionRate(0.3).logC(1.5).seed(42).stepDelimiter("|")
                .mathStop(true).stopSequences(List.of("END")).rewardNormalizer(RewardNormalizer.CLAMP)
                .proposalDensity(ProposalDensity.RAW).trace(true).build();
        assertThat(o.toBuilder().build()).usingRecursiveComparison().isEqualTo(o);
        assertThat(o.gsi().thresholdEnabled()).isFalse();
        assertThat(o.sampling().draft(5)).isEqualTo(new SamplingParams(0.3, 0.9, 7, 5, "|", ProposalDensity.RAW));
        assertThat(o.sampling().base(5)).isEqualTo(new SamplingParams(0.4, 0.9, 7, 5, "|", ProposalDensity.EXACT));
    }
}
