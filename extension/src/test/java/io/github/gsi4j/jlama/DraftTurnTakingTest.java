package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.testing.TinyModels;

/**
 * A request drafting many candidates does not hold the draft model while another waits: the waiting call gets
 * the model between two of the big call's candidates, and both get the candidates they would get alone.
 */
class DraftTurnTakingTest {

    static final SamplingParams PARAMS = new SamplingParams(1.0, 1, 0, 12, "\u0000", ProposalDensity.EXACT);
    static final int[] BIG_PREFIX = { 1, 5, 7 };
    static final int[] SMALL_PREFIX = { 1, 9 };

    @Test
    void aSmallCallIsServedWhileABigOneIsStillDrafting() throws Exception {
        try (JlamaModel model = JlamaModel.load(TinyModels.draft())) {
            JlamaDraftModel draft = new JlamaDraftModel(model, false);
            List<StepCandidate> bigAlone = draft.sampleSteps(BIG_PREFIX, 256, PARAMS, new SplittableRandom(1));
            List<StepCandidate> smallAlone = draft.sampleSteps(SMALL_PREFIX, 1, PARAMS, new SplittableRandom(2));

            CompletableFuture<List<StepCandidate>> big = CompletableFuture.supplyAsync(
                    () -> draft.sampleSteps(BIG_PREFIX, 256, PARAMS, new SplittableRandom(1)));
            while (model.cachedPrefixLength(BIG_PREFIX) != -1) { // until the big call holds the model
                Thread.onSpinWait();
            }
            List<StepCandidate> small = draft.sampleSteps(SMALL_PREFIX, 1, PARAMS, new SplittableRandom(2));
            boolean bigStillRunning = !big.isDone();

            assertThat(bigStillRunning).as("the small call was served before the big one finished").isTrue();
            assertThat(tokens(small)).isEqualTo(tokens(smallAlone));
            assertThat(tokens(big.get(60, TimeUnit.SECONDS))).as("taking turns does not change the big call's drafts")
                    .isEqualTo(tokens(bigAlone));
        }
    }

    static List<List<Integer>> tokens(List<StepCandidate> steps) {
        return steps.stream().map(s -> java.util.Arrays.stream(s.tokens()).boxed().toList()).toList();
    }
}
