package io.github.gsi4j.core;

import static io.github.gsi4j.testing.Scripted.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.testing.Scripted;
import io.github.gsi4j.testing.TableReward;
import io.github.gsi4j.testing.ToyModel;

class GsiDecoderTest {

    static final int[] PROMPT = { 1, 2, 3 };
    static final RewardScorer HALF = (ctx, c) -> filled(c.size(), 0.5);
    static final Scripted.Base UNUSED_BASE = new Scripted.Base((p, c) -> filled(c.size(), -1.0), step("base", -1, false));

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    static GsiDecoder decoder(DraftModel draft, BaseModel base, RewardScorer reward, GsiOptions options) {
        return GsiDecoder.builder().draftModel(draft).baseModel(base).rewardScorer(reward).options(options).build();
    }

    static GsiOptions.Builder draftOnly() {
        return GsiOptions.builder().policy(Policy.SOFT_BON_DRAFT).n(2).seed(1);
    }

    @Test
    void stopsAtEndOfSequence() {
        var draft = new Scripted.Draft(step("One.\n\n", -1, false), step("Two.", -1, true), step("never", -1, false));
        GsiResult r = decoder(draft, UNUSED_BASE, HALF, draftOnly().build()).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(r.text()).isEqualTo("One.\n\nTwo.");
        assertThat(r.steps()).containsExactly("One.\n\n", "Two.");
        assertThat(r.finishReason()).isEqualTo(FinishReason.END_OF_SEQUENCE);
        assertThat(r.tokens()).hasSize("One.\n\nTwo.".length());
    }

    @Test
    void stopSequenceCutsTheOutputAndTheStreamedText() {
        var draft = new Scripted.Draft(step("Hello\n\n", -1, false), step("world STOP more\n\n", -1, false),
                step("never", -1, false));
        List<String> streamed = new ArrayList<>();
        GsiResult r = decoder(draft, UNUSED_BASE, HALF, draftOnly().stopSequences(List.of("STOP")).build())
                .decode(GsiRequest.of(PROMPT, "q"), (i, text, fromDraft) -> streamed.add(text));
        assertThat(r.text()).isEqualTo("Hello\n\nworld ");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(streamed).containsExactly("Hello\n\n", "world ");
    }

    @Test
    void stopSequenceSpanningTwoStepsIsFound() {
        var draft = new Scripted.Draft(step("xa", -1, false), step("by", -1, false), step("never", -1, false));
        GsiResult r = decoder(draft, UNUSED_BASE, HALF, draftOnly().stopSequences(List.of("ab")).build())
                .decode(GsiRequest.of(PROMPT, "q"));
        assertThat(r.text()).isEqualTo("x");
        assertThat(r.steps()).hasSize(2);
    }

    @Test
    void mathStopEndsAtTheFirstCompleteBoxedAnswer() {
        var script = new StepCandidate[] { step("Compute.\n\n", -1, false), step("So \\boxed{4}.\n\n", -1, false),
                step("More.\n\n", -1, false) };
        GsiResult stopped = decoder(new Scripted.Draft(script), UNUSED_BASE, HALF,
                draftOnly().mathStop(true).maxSteps(3).build()).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.MATH_ANSWER);
        assertThat(stopped.steps()).hasSize(2);

        GsiResult notStopped = decoder(new Scripted.Draft(script), UNUSED_BASE, HALF,
                draftOnly().mathStop(false).maxSteps(3).build()).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(notStopped.finishReason()).isEqualTo(FinishReason.MAX_STEPS);
        assertThat(notStopped.steps()).hasSize(3);
    }

    @Test
    void maxStepsLimitsTheNumberOfSteps() {
        var draft = new Scripted.Draft(step("again\n\n", -1, false));
        GsiResult r = decoder(draft, UNUSED_BASE, HALF, draftOnly().maxSteps(4).build()).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(r.steps()).hasSize(4);
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_STEPS);
    }

    @Test
    void tokenBudgetShrinksTheLastStepAndStops() {
        var draft = new Scripted.Draft(step("abcde", -1, false), step("fghij", -1, false), step("kl", -1, false),
                step("never", -1, false));
        GsiOptions o = draftOnly().maxStepTokens(5).maxTokens(12).maxSteps(100).build();
        GsiResult r = decoder(draft, UNUSED_BASE, HALF, o).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(draft.seen()).extracting(SamplingParams::maxTokens).containsExactly(5, 5, 2);
        assertThat(r.tokens()).hasSize(12);
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
    }

    @Test
    void contextLengthCapsEachStepAndEndsWhenNoRoomIsLeft() {
        // prompt 3 tokens, context 14: steps may use 14 - 3 - 1 = 10, then 14 - 8 - 1 = 5, then 0 tokens
        var draft = new Scripted.Draft(step("abcde", -1, false), step("fghij", -1, false), step("never", -1, false));
        GsiOptions o = draftOnly().maxStepTokens(64).contextLength(14).maxSteps(100).build();
        GsiResult r = decoder(draft, UNUSED_BASE, HALF, o).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(draft.seen()).extracting(SamplingParams::maxTokens).containsExactly(10, 5);
        assertThat(r.tokens()).hasSize(10);
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
    }

    @Test
    void minRewardStopEndsTheAnswerBeforeTheLowStep() {
        var draft = new Scripted.Draft(step("good\n\n", -1, false), step("bad\n\n", -1, false), step("never", -1, false));
        RewardScorer reward = (ctx, c) -> filled(c.size(), ctx.previousSteps().isEmpty() ? 0.9 : 0.05);
        GsiOptions stop = draftOnly().minReward(0.1, MinRewardAction.STOP).maxSteps(10).build();
        GsiResult r = decoder(draft, UNUSED_BASE, reward, stop).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(r.steps()).containsExactly("good\n\n");
        assertThat(r.finishReason()).isEqualTo(FinishReason.MIN_REWARD);
        assertThat(r.stats().steps()).isEqualTo(1);

        var again = new Scripted.Draft(step("good\n\n", -1, false), step("bad\n\n", -1, false), step("end", -1, true));
        GsiResult kept = decoder(again, UNUSED_BASE, reward, stop.toBuilder().minRewardAction(MinRewardAction.FALL_BACK)
                .build()).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(kept.steps()).as("falling back only concerns GSI's test").hasSize(3);
    }

    @Test
    void statsAndTraceAgreeWithWhatHappened() {
        int totalDraftSteps = 0;
        int totalFallbacks = 0;
        for (long seed = 0; seed < 20; seed++) {
            TableReward reward = new TableReward(3);
            GsiOptions o = GsiOptions.builder().n(4).beta(3).seed(seed).maxSteps(12).maxStepTokens(4).trace(true).build();
            GsiResult r = decoder(new ToyModel(1, 1.0), new ToyModel(2, 1.0), reward, o)
                    .decode(GsiRequest.of(new int[] { ToyModel.DELIM }, "q"));
            checkStats(r, o, reward);
            totalDraftSteps += r.stats().draftSteps();
            totalFallbacks += r.stats().fallbackSteps();
        }
        assertThat(totalDraftSteps).isPositive();
        assertThat(totalFallbacks).isPositive();
    }

    private static void checkStats(GsiResult r, GsiOptions o, TableReward reward) {
        GsiStats s = r.stats();
        assertThat(r.trace()).hasSize(r.steps().size());
        assertThat(s.steps()).isEqualTo(r.steps().size());
        assertThat(s.draftSteps() + s.fallbackSteps()).isEqualTo(s.steps());
        assertThat(s.outputTokens()).isEqualTo(r.tokens().length);
        long draftTokens = 0;
        long generated = 0;
        int fallbacks = 0;
        double zSum = 0;
        double zMin = Double.POSITIVE_INFINITY;
        int picked = 0;
        for (StepTrace t : r.trace()) {
            assertThat(t.drafts()).hasSize(o.n());
            draftTokens += t.drafts().stream().mapToInt(StepCandidate::size).sum();
            generated += t.baseSamples().stream().mapToInt(StepCandidate::size).sum();
            if (!t.fromDraft()) {
                fallbacks++;
                assertThat(t.fallbackReason()).isNotNull();
                assertThat(t.baseSamples()).hasSize(o.n()).contains(t.accepted());
            } else {
                assertThat(t.accepted()).isSameAs(t.drafts().get(t.pickedDraft()));
                assertThat(t.z()[t.pickedDraft()]).isGreaterThan(o.beta() * o.gsi().threshold());
            }
            for (int i = 0; i < o.n(); i++) {
                assertThat(t.z()[i]).isEqualTo(o.beta() * t.rewards()[i] + t.baseLogProbs()[i] - t.draftLogProbs()[i]);
            }
            if (t.pickedDraft() >= 0) {
                zSum += t.z()[t.pickedDraft()];
                zMin = Math.min(zMin, t.z()[t.pickedDraft()]);
                picked++;
            }
        }
        assertThat(fallbacks).isEqualTo(s.fallbackSteps());
        assertThat(s.draftTokens()).isEqualTo(draftTokens);
        assertThat(s.baseTokensScored()).isEqualTo(draftTokens);
        assertThat(s.baseTokensGenerated()).isEqualTo(generated);
        assertThat(s.rewardCalls()).isEqualTo(s.steps() + s.fallbackSteps()).isEqualTo(reward.calls());
        if (picked > 0) {
            assertThat(s.meanZ()).isCloseTo(zSum / picked, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(s.minZ()).isEqualTo(zMin);
        }
        assertThat(s.acceptanceRate()).isEqualTo((double) s.draftSteps() / s.steps());
        assertThat(s.seed()).isEqualTo(o.seed().getAsLong());
        assertThat(s.totalNanos()).isGreaterThanOrEqualTo(s.otherNanos());
        assertThat(s.draftNanos()).isPositive();
        assertThat(s.baseScoreNanos()).isPositive();
        assertThat(s.rewardNanos()).isPositive();
        assertThat(s.baseGenerateNanos() > 0).isEqualTo(s.fallbackSteps() > 0);
    }

    @Test
    void noTraceUnlessAskedFor() {
        ToyModel toy = new ToyModel(1, 1.0);
        GsiResult r = decoder(toy, toy, new TableReward(3), GsiOptions.builder().n(2).seed(1).maxSteps(3).build())
                .decode(GsiRequest.of(new int[] { ToyModel.DELIM }, "q"));
        assertThat(r.trace()).isEmpty();
    }

    @Test
    void sameSeedSameOutputAndSeedsMatter() {
        GsiDecoder d = decoder(new ToyModel(1, 1.0), new ToyModel(2, 1.0), new TableReward(3),
                GsiOptions.builder().n(4).beta(3).maxSteps(10).maxStepTokens(4).build());
        Set<String> outputs = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            GsiOptions o = d.defaultOptions().toBuilder().seed(seed).build();
            GsiResult a = d.decode(new GsiRequest(new int[] { ToyModel.DELIM }, "q", o));
            GsiResult b = d.decode(new GsiRequest(new int[] { ToyModel.DELIM }, "q", o));
            assertThat(b.tokens()).isEqualTo(a.tokens());
            assertThat(b.stats().fallbackSteps()).isEqualTo(a.stats().fallbackSteps());
            outputs.add(Arrays.toString(a.tokens()));
        }
        assertThat(outputs).hasSizeGreaterThan(10);
    }

    @Test
    void draftingDoesNotShareItsRandomStreamWithSelection() {
        ToyModel toy = new ToyModel(1, 1.0);
        GsiOptions gsi = GsiOptions.builder().n(4).beta(3).seed(5).maxSteps(1).trace(true).build();
        GsiOptions rsd = gsi.toBuilder().policy(Policy.RSD).build();
        List<StepCandidate> a = decoder(toy, new ToyModel(2, 1.0), new TableReward(3), gsi)
                .decode(GsiRequest.of(new int[] { ToyModel.DELIM }, "q")).trace().get(0).drafts();
        List<StepCandidate> b = decoder(toy, new ToyModel(2, 1.0), new TableReward(3), rsd)
                .decode(GsiRequest.of(new int[] { ToyModel.DELIM }, "q")).trace().get(0).drafts();
        assertThat(b).isEqualTo(a);
    }

    @Test
    void rewardAndBaseScoringRunConcurrently() {
        CyclicBarrier bothArrived = new CyclicBarrier(2);
        RewardScorer reward = (ctx, c) -> {
            await(bothArrived);
            return filled(c.size(), 0.9);
        };
        Scripted.Base base = new Scripted.Base((p, c) -> {
            await(bothArrived);
            return filled(c.size(), -1.0);
        }, step("base", -1, false));
        var draft = new Scripted.Draft(step("draft", -1, true));
        GsiResult r = decoder(draft, base, reward, GsiOptions.builder().n(2).seed(1).build())
                .decode(GsiRequest.of(PROMPT, "q"));
        assertThat(r.text()).isEqualTo("draft");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new AssertionError("reward and base scoring did not overlap", e);
        }
    }

    @Test
    void impossibleDraftsAreNeverPickedAndAllImpossibleFallsBack() {
        StepCandidate[] drafts = { step("a", -1, true) };
        Scripted.Base base = new Scripted.Base((p, c) -> new double[] { Double.NEGATIVE_INFINITY, -9999, -0.5 },
                step("fallback", -1, true));
        DraftModel three = (prefix, n, params, random) -> List.of(step("x", -1, true), step("y", -1, true),
                step("z", -1, true));
        GsiOptions o = GsiOptions.builder().n(3).noThreshold().build();
        for (long seed = 0; seed < 200; seed++) {
            GsiResult r = decoder(three, base, HALF, o.toBuilder().seed(seed).build()).decode(GsiRequest.of(PROMPT, "q"));
            assertThat(r.text()).isIn("y", "z");
            assertThat(r.stats().meanZ()).isNotNaN();
        }
        Scripted.Base allImpossible = new Scripted.Base((p, c) -> filled(c.size(), Double.NEGATIVE_INFINITY),
                step("fallback", -1, true));
        GsiResult r = decoder(new Scripted.Draft(drafts), allImpossible, HALF,
                o.toBuilder().n(1).seed(1).trace(true).build()).decode(GsiRequest.of(PROMPT, "q"));
        assertThat(r.text()).isEqualTo("fallback");
        assertThat(r.trace().get(0).fallbackReason()).contains("no draft");
    }

    @Test
    void invalidBaseLogProbsAreRejectedWithTheirSource() {
        var draft = new Scripted.Draft(step("d", -1, true));
        for (double bad : new double[] { Double.NaN, 0.5 }) {
            Scripted.Base base = new Scripted.Base((p, c) -> filled(c.size(), bad), step("b", -1, true));
            assertThatThrownBy(() -> decoder(draft, base, HALF, GsiOptions.builder().n(2).seed(1).build())
                    .decode(GsiRequest.of(PROMPT, "q")))
                    .isInstanceOf(GsiInvalidResponseException.class)
                    .hasMessageContaining("base model")
                    .hasMessageContaining(String.valueOf(bad));
        }
        Scripted.Base short1 = new Scripted.Base((p, c) -> new double[1], step("b", -1, true));
        assertThatThrownBy(() -> decoder(draft, short1, HALF, GsiOptions.builder().n(2).seed(1).build())
                .decode(GsiRequest.of(PROMPT, "q")))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining("returned 1 log-probabilities, expected 2");
    }

    @Test
    void invalidRewardsAreRejectedUnlessNormalised() {
        var draft = new Scripted.Draft(step("d", -1, true));
        RewardScorer nan = (ctx, c) -> filled(c.size(), Double.NaN);
        assertThatThrownBy(() -> decoder(draft, UNUSED_BASE, nan, draftOnly().build()).decode(GsiRequest.of(PROMPT, "q")))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining("reward scorer")
                .hasMessageContaining("NaN");
        RewardScorer logits = (ctx, c) -> filled(c.size(), 3.0);
        assertThatThrownBy(() -> decoder(draft, UNUSED_BASE, logits, draftOnly().build())
                .decode(GsiRequest.of(PROMPT, "q")))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining("outside [0, 1]")
                .hasMessageContaining("normalizer");
        GsiResult r = decoder(draft, UNUSED_BASE, logits, draftOnly().rewardNormalizer(RewardNormalizer.SIGMOID).build())
                .decode(GsiRequest.of(PROMPT, "q"));
        assertThat(r.text()).isEqualTo("d");
    }

    @Test
    void wrongCandidateCountsAndInvalidDensitiesAreRejected() {
        DraftModel tooFew = (prefix, n, params, random) -> List.of(step("d", -1, true));
        assertThatThrownBy(() -> decoder(tooFew, UNUSED_BASE, HALF, draftOnly().build()).decode(GsiRequest.of(PROMPT, "q")))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining("returned 1 candidates, expected 2");
        DraftModel positive = (prefix, n, params, random) -> List.of(step("d", 0.3, true), step("d", 0.3, true));
        assertThatThrownBy(() -> decoder(positive, UNUSED_BASE, HALF, draftOnly().build())
                .decode(GsiRequest.of(PROMPT, "q")))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining("log-density 0.3");
    }

    @Test
    void failuresOnTheScoringThreadKeepTheirType() {
        var draft = new Scripted.Draft(step("d", -1, true));
        Scripted.Base base = new Scripted.Base((p, c) -> filled(c.size(), -1.0), step("b", -1, true));
        RewardScorer failing = (ctx, c) -> {
            throw new GsiException("reward server down");
        };
        assertThatThrownBy(() -> decoder(draft, base, failing, GsiOptions.builder().n(2).seed(1).build())
                .decode(GsiRequest.of(PROMPT, "q")))
                .isExactlyInstanceOf(GsiException.class)
                .hasMessage("reward server down");
    }

    @Test
    void requestRejectsAnEmptyPrompt() {
        assertThatThrownBy(() -> GsiRequest.of(new int[0], "q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("promptTokens");
    }
}
