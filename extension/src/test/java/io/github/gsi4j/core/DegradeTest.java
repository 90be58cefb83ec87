package io.github.gsi4j.core;

import static io.github.gsi4j.testing.Scripted.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.testing.Scripted;

/** With DEGRADE, a step goes on without an unavailable base or reward model, and says so in the stats. */
class DegradeTest {

    static final int[] PROMPT = { 1, 2, 3 };
    static final GsiRemoteException DOWN = new GsiRemoteException("http://gpu:8000/v1/completions", -1,
            "http://gpu:8000/v1/completions could not be reached: ConnectException", null);

    /** A draft offering "good" (reward 0.9) and "bad" (reward 0.1) steps. */
    static final DraftModel DRAFT = (prefix, n, params, random) -> {
        List<StepCandidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(step(i % 2 == 0 ? "good" : "bad", -1, true));
        }
        return out;
    };
    static final RewardScorer REWARD = (ctx, c) -> c.stream().mapToDouble(s -> s.text().equals("good") ? 0.9 : 0.1)
            .toArray();

    static BaseModel base(boolean scoring, boolean sampling) {
        return new BaseModel() {
            @Override
            public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
                if (!scoring) {
                    throw DOWN;
                }
                double[] lp = new double[candidates.size()];
                Arrays.fill(lp, -1.0);
                return lp;
            }

            @Override
            public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
                if (!sampling) {
                    throw DOWN;
                }
                return new Scripted.Base((p, c) -> new double[0], step("base", -1, true)).sampleSteps(prefix, n, params, seed);
            }
        };
    }

    static GsiResult decode(BaseModel base, RewardScorer reward, GsiOptions.Builder options) {
        return GsiDecoder.builder().draftModel(DRAFT).baseModel(base).rewardScorer(reward)
                .options(options.n(4).beta(20).seed(3).build()).build().decode(GsiRequest.of(PROMPT, "q"));
    }

    @Test
    void aRequestTooLongForTheBaseAndACancellationAreNotDegraded() {
        for (RuntimeException failure : List.<RuntimeException> of(
                new GsiContextLengthException("http://gpu:8000/v1/completions", "too long for its context window", null),
                new GsiCancelledException("interrupted"))) {
            BaseModel refusing = new BaseModel() {
                @Override
                public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
                    throw failure;
                }

                @Override
                public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
                    throw failure;
                }
            };
            assertThatThrownBy(() -> decode(refusing, REWARD, GsiOptions.builder().baseOnFailure(FailureMode.DEGRADE)))
                    .isSameAs(failure);
        }
    }

    @Test
    void withoutBaseScoresTheDraftsArePickedByReward() {
        GsiResult r = decode(base(false, true), REWARD, GsiOptions.builder().baseOnFailure(FailureMode.DEGRADE));
        assertThat(r.text()).isEqualTo("good");
        assertThat(r.stats().degraded()).isTrue();
        assertThat(r.stats().degradedSteps()).isEqualTo(1);
        assertThat(r.stats().degradations()).singleElement().asString().startsWith("base scoring unavailable:")
                .contains("http://gpu:8000");
        assertThat(r.stats().baseTokensScored()).isZero();
    }

    @Test
    void withoutBaseSamplesAFallbackStepPicksADraft() {
        // threshold 2: z = 20 * 0.9 - 1 + 1 = 18 < 40, every step falls back to base samples
        GsiResult r = decode(base(true, false), REWARD, GsiOptions.builder().threshold(2).baseOnFailure(FailureMode.DEGRADE));
        assertThat(r.text()).isEqualTo("good");
        assertThat(r.stats().degradations()).singleElement().asString().startsWith("base generation unavailable:");
        assertThat(r.stats().fallbackSteps()).isZero();
    }

    @Test
    void aPolicyWithoutDraftsSamplesDraftsWhenTheBaseIsDown() {
        GsiResult r = decode(base(false, false), REWARD, GsiOptions.builder().policy(Policy.SOFT_BON_BASE)
                .baseOnFailure(FailureMode.DEGRADE));
        assertThat(r.text()).isEqualTo("good");
        assertThat(r.stats().draftTokens()).isPositive();
        assertThat(r.stats().degradedSteps()).isEqualTo(1);
    }

    @Test
    void withoutRewardsEveryCandidateIsEquallyGood() {
        RewardScorer down = (ctx, c) -> {
            throw new GsiRemoteException("http://prm:8001/pooling", 503, "http://prm:8001/pooling answered HTTP 503", null);
        };
        int good = 0;
        for (long seed = 0; seed < 200; seed++) {
            GsiResult r = GsiDecoder.builder().draftModel(DRAFT).baseModel(base(true, true)).rewardScorer(down)
                    .options(GsiOptions.builder().policy(Policy.SOFT_BON_DRAFT).n(2).seed(seed)
                            .rewardOnFailure(FailureMode.DEGRADE).build())
                    .build().decode(GsiRequest.of(PROMPT, "q"));
            assertThat(r.stats().degradations()).singleElement().asString().startsWith("reward unavailable:");
            good += r.text().equals("good") ? 1 : 0;
        }
        assertThat(good).as("uniform rewards pick good and bad drafts alike").isBetween(70, 130);
    }

    @Test
    void failIsTheDefaultAndBugsAreNeverDegraded() {
        assertThatThrownBy(() -> decode(base(false, true), REWARD, GsiOptions.builder())).isSameAs(DOWN);
        RewardScorer buggy = (ctx, c) -> {
            throw new IllegalStateException("a bug, not an outage");
        };
        assertThatThrownBy(() -> decode(base(true, true), buggy, GsiOptions.builder().rewardOnFailure(FailureMode.DEGRADE)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void healthyRequestsAreNotDegraded() {
        GsiResult r = decode(base(true, true), REWARD, GsiOptions.builder().baseOnFailure(FailureMode.DEGRADE)
                .rewardOnFailure(FailureMode.DEGRADE));
        assertThat(r.stats().degraded()).isFalse();
        assertThat(r.stats().degradations()).isEmpty();
    }
}
