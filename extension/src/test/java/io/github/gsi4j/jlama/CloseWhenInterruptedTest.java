package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.testing.TinyModels;

/** A thread whose interrupt flag is set (a cancelled request, a shutting-down executor) still closes a model. */
class CloseWhenInterruptedTest {

    @Test
    void anInterruptedThreadClosesTheModelAndKeepsItsInterrupt() {
        JlamaModel model = JlamaModel.load(TinyModels.draft());
        model.sampleSteps(new int[] { 1, 5, 7 }, 2, new SamplingParams(1.0, 1, 0, 4, "\n\n", ProposalDensity.EXACT),
                new SplittableRandom(1));
        assertThat(model.kvCaches()).as("a KV cache is held before closing").isPositive();

        Thread.currentThread().interrupt();
        model.close();

        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(model.kvCaches()).as("the KV caches were released").isZero();
    }
}
