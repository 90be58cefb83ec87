package io.github.gsi4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Concurrently;
import io.github.gsi4j.testing.TextReward;
import io.github.gsi4j.testing.TinyModels;

/**
 * 32 threads × 20 requests on one {@link GuidedSpeculativeChatModel} (one Jlama draft and one embedded
 * Jlama base, so every request competes for the same models and KV caches): no exceptions, and each
 * request's answer and statistics equal those of the same request run alone.
 */
class ConcurrencyTest {

    static final int THREADS = 32;
    static final int REQUESTS_PER_THREAD = 20;
    static final String[] QUESTIONS = { "What is 2 + 2?", "Name a prime.", "Why is the sky blue?", "Count to three." };

    /**
     * What must not depend on concurrency: the answer and the decisions that produced it. The mean log-weight
     * may differ in the last float digits: a prefix found in a KV cache is not recomputed, and Jlama's
     * batched prefill and token-by-token forward round differently (about 1e-6).
     */
    record Outcome(String text, int steps, int draftSteps, int fallbackSteps, long draftTokens, long baseTokens,
            double meanZ) {

        boolean sameAs(Outcome o) {
            return text.equals(o.text) && steps == o.steps && draftSteps == o.draftSteps
                    && fallbackSteps == o.fallbackSteps && draftTokens == o.draftTokens && baseTokens == o.baseTokens
                    && Math.abs(meanZ - o.meanZ) < 1e-4;
        }

        static Outcome of(ChatResponse r) {
            GsiStats s = ((GsiChatResponseMetadata) r.metadata()).stats();
            return new Outcome(r.aiMessage().text(), s.steps(), s.draftSteps(), s.fallbackSteps(), s.draftTokens(),
                    s.baseTokensGenerated(), s.meanZ());
        }
    }

    @Test
    void concurrentRequestsAnswerAsTheyDoAlone() throws Exception {
        try (JlamaModel draft = JlamaModel.load(TinyModels.draft()); JlamaModel base = JlamaModel.load(TinyModels.base())) {
            GuidedSpeculativeChatModel model = GuidedSpeculativeChatModel.builder()
                    .draftModel(new JlamaDraftModel(draft, false)).baseModel(new JlamaBaseModel(base, false))
                    .chatTemplate(ChatTemplate.of(draft)).rewardScorer(new TextReward())
                    .options(GsiOptions.builder().n(2).beta(5).maxSteps(2).maxStepTokens(4).build()).build();
            int total = THREADS * REQUESTS_PER_THREAD;

            List<Outcome> alone = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                alone.add(Outcome.of(model.chat(request(i))));
            }

            List<Outcome> together = Concurrently.run(THREADS, REQUESTS_PER_THREAD, Duration.ofMinutes(5),
                    i -> Outcome.of(model.chat(request(i))));
            int differing = 0;
            for (int i = 0; i < total; i++) {
                differing += together.get(i).sameAs(alone.get(i)) ? 0 : 1;
            }
            System.out.printf(
                    "concurrency: %d threads x %d requests on one model, %d distinct answers (%d with a draft step), %d differ from "
                            + "the sequential run%n",
                    THREADS, REQUESTS_PER_THREAD, alone.stream().map(Outcome::text).distinct().count(),
                    alone.stream().filter(o -> o.draftSteps() > 0).count(), differing);
            assertThat(together).hasSize(total);
            assertThat(differing).isZero();
            assertThat(alone.stream().map(Outcome::text).distinct().count()).as("seeds and questions vary the answers")
                    .isGreaterThan(total / 2);
            assertThat(alone).as("both draft and fallback steps occur").anyMatch(o -> o.draftSteps() > 0)
                    .anyMatch(o -> o.fallbackSteps() > 0);
        }
    }

    static ChatRequest request(int i) {
        return ChatRequest.builder().messages(UserMessage.from(QUESTIONS[i % QUESTIONS.length]))
                .parameters(GsiChatRequestParameters.builder().seed((long) i).build()).build();
    }
}
