package io.github.gsi4j.vllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRequest;
import io.github.gsi4j.core.GsiResult;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.StepTrace;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TinyModels;

/** The engine with a Jlama draft, a base model and a process reward model reached over HTTP. */
class RemoteEngineTest {

    final StubServer base = new StubServer();
    final StubServer prm = new StubServer();

    @AfterEach
    void stop() {
        base.close();
        prm.close();
    }

    static final String BASE_STEP = " base step.\n\n";

    static StubServer.Answer completions(StubServer.Recorded r) {
        return FakeVllm.completions(r, BASE_STEP, new int[] { 20, 21, 22, 23 });
    }

    static StubServer.Answer pooling(StubServer.Recorded r, double reward) {
        return FakeVllm.pooling(r, reward);
    }

    GsiDecoder decoder(JlamaModel draft, GsiOptions options) {
        return GsiDecoder.builder().draftModel(new JlamaDraftModel(draft, false))
                .baseModel(new VllmBaseModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(base.url()).maxRetries(0)
                        .build()), "base"))
                .rewardScorer(new VllmProcessRewardScorer(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(prm.url())
                        .maxRetries(0).build()),
                        "prm", PrmPromptRenderer.qwenMathPrm()))
                .options(options).build();
    }

    @Test
    void rewardAndBaseScoringOfAStepAreInFlightTogether() {
        CountDownLatch bothArrived = new CountDownLatch(2);
        base.handle("/v1/completions", r -> {
            awaitOther(bothArrived);
            return completions(r);
        });
        prm.handle("/pooling", r -> {
            awaitOther(bothArrived);
            return pooling(r, 0.9);
        });
        try (JlamaModel draft = JlamaModel.load(TinyModels.draft())) {
            int[] prompt = draft.encodeChat(List.of(UserMessage.from("What is 2 + 2?")));
            GsiResult r = decoder(draft, GsiOptions.builder().n(3).maxSteps(1).maxStepTokens(6).seed(1).build())
                    .decode(GsiRequest.of(prompt, "What is 2 + 2?"));
            assertThat(r.steps()).hasSize(1);
        }
    }

    private static void awaitOther(CountDownLatch latch) {
        latch.countDown();
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the other scoring request never arrived while this one was held");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void decodesWithAJlamaDraftAndRemoteBaseAndRewardWithConsistentStats() {
        base.handle("/v1/completions", RemoteEngineTest::completions);
        // rewards alternate high and low by request, so some steps are accepted and others fall back
        int[] calls = { 0 };
        prm.handle("/pooling", r -> pooling(r, calls[0]++ % 3 == 0 ? 0.05 : 0.95));
        try (JlamaModel draft = JlamaModel.load(TinyModels.draft())) {
            int[] prompt = draft.encodeChat(List.of(UserMessage.from("What is 2 + 2?")));
            // Whether a step falls back depends on the drafts a seed gives, so take the first seed whose run has
            // both accepted and fallback steps (a change of the sampling streams moves it) and check that run.
            GsiResult r = null;
            int baseCalls = 0;
            int prmCalls = 0;
            for (long seed = 1; seed <= 60 && r == null; seed++) {
                int baseBefore = base.requests("/v1/completions").size();
                int prmBefore = prm.requests("/pooling").size();
                GsiOptions options = GsiOptions.builder().n(4).beta(20).maxSteps(6).maxStepTokens(6).seed(seed)
                        .trace(true).build();
                GsiResult run = decoder(draft, options).decode(GsiRequest.of(prompt, "What is 2 + 2?"));
                if (run.stats().fallbackSteps() > 0 && run.stats().draftSteps() > 0) {
                    r = run;
                    baseCalls = base.requests("/v1/completions").size() - baseBefore;
                    prmCalls = prm.requests("/pooling").size() - prmBefore;
                }
            }
            assertThat(r).as("a seed in 1..60 whose run has accepted and fallback steps").isNotNull();

            var s = r.stats();
            long draftTokens = r.trace().stream().flatMap(t -> t.drafts().stream()).mapToInt(StepCandidate::size).sum();
            assertThat(s.draftTokens()).isEqualTo(draftTokens);
            assertThat(s.baseTokensScored()).isEqualTo(draftTokens);
            assertThat(s.baseTokensGenerated()).isEqualTo(4L * 4 * s.fallbackSteps());
            assertThat(baseCalls).isEqualTo(s.steps() + s.fallbackSteps());
            assertThat(prmCalls).isEqualTo(s.rewardCalls()).isEqualTo(s.steps() + s.fallbackSteps());
            for (StepTrace t : r.trace()) {
                // z = beta * r + log pB - log q with log pB = -0.5 per token from the stub
                for (int i = 0; i < t.drafts().size(); i++) {
                    assertThat(t.baseLogProbs()[i]).isEqualTo(-0.5 * t.drafts().get(i).size());
                }
                if (!t.fromDraft()) {
                    assertThat(t.accepted().text()).isEqualTo(BASE_STEP);
                }
            }
            assertThat(r.text()).isEqualTo(String.join("", r.steps()));
        }
    }
}
