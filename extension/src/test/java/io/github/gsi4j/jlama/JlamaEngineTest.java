package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.FinishReason;
import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRequest;
import io.github.gsi4j.core.GsiResult;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.StepTrace;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.TextReward;
import io.github.gsi4j.testing.TinyModels;

/** The engine end to end on two tiny Jlama models (a draft and a base close to it) and a text reward. */
class JlamaEngineTest {

    static JlamaModel draftModel;
    static JlamaModel baseModel;
    static int[] prompt;

    @BeforeAll
    static void load() {
        draftModel = JlamaModel.load(TinyModels.draft());
        baseModel = JlamaModel.load(TinyModels.base());
        draftModel.checkSameTokenizer(baseModel, "draft", "base");
        prompt = draftModel.encodeChat(List.of(UserMessage.from("What is 2 + 2?")));
    }

    @AfterAll
    static void close() {
        draftModel.close();
        baseModel.close();
    }

    static GsiDecoder decoder(TextReward reward, GsiOptions options) {
        return GsiDecoder.builder().draftModel(new JlamaDraftModel(draftModel, false))
                .baseModel(new JlamaBaseModel(baseModel, false)).rewardScorer(reward).options(options).build();
    }

    static GsiOptions options(Policy policy, long seed) {
        return GsiOptions.builder().policy(policy).n(4).beta(5).maxSteps(4).maxStepTokens(8).seed(seed).trace(true).build();
    }

    @ParameterizedTest
    @EnumSource(value = Policy.class, names = { "GSI", "RSD", "SOFT_BON_DRAFT", "SOFT_BON_BASE" })
    void everyPolicyDecodesAndCountsWhatItProduced(Policy policy) {
        TextReward reward = new TextReward();
        GsiResult r = decoder(reward, options(policy, 3)).decode(GsiRequest.of(prompt, "What is 2 + 2?"));
        GsiStats s = r.stats();

        assertThat(r.steps()).isNotEmpty();
        assertThat(r.text()).isEqualTo(String.join("", r.steps()));
        assertThat(r.tokens()).hasSize((int) s.outputTokens());
        assertThat(draftModel.decode(r.tokens())).isEqualTo(r.text());
        long draftTokens = 0;
        long generated = 0;
        for (StepTrace t : r.trace()) {
            draftTokens += t.drafts().stream().mapToInt(StepCandidate::size).sum();
            generated += t.baseSamples().stream().mapToInt(StepCandidate::size).sum();
        }
        assertThat(s.draftTokens()).isEqualTo(draftTokens);
        assertThat(s.baseTokensGenerated()).isEqualTo(generated);
        assertThat(s.baseTokensScored()).isEqualTo(policy == Policy.GSI ? draftTokens : 0);
        assertThat(s.rewardCalls()).isEqualTo(reward.calls());
        if (policy == Policy.SOFT_BON_BASE) {
            assertThat(s.draftSteps()).isZero();
            assertThat(s.fallbackSteps()).isEqualTo(s.steps());
        }
        if (policy == Policy.SOFT_BON_DRAFT) {
            assertThat(s.fallbackSteps()).isZero();
        }
    }

    @Test
    void aBigramModelAnswersWithItsKnownText() {
        Bigram bigram = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n");
        try (JlamaModel m = JlamaModel.load(bigram.folder())) {
            GsiDecoder d = GsiDecoder.builder().draftModel(new JlamaDraftModel(m, false))
                    .baseModel(new JlamaBaseModel(m, false)).rewardScorer(new TextReward())
                    .options(GsiOptions.builder().n(3).maxSteps(5).seed(1).build()).build();
            GsiResult r = d.decode(GsiRequest.of(bigram.prompt(), "What is 2 + 2?"));
            assertThat(r.text()).isEqualTo(" The answer is 4.\n\n");
            assertThat(r.finishReason()).isEqualTo(FinishReason.END_OF_SEQUENCE);
            // draft = base, so z = beta * r + (log pB - log q) with log q ~ log pB ~ 0 here: the answer step
            // (reward 0.95, z ~ 19) and the ending step (reward 1, z ~ 20) both pass beta * u = 10
            assertThat(r.stats().draftSteps()).isEqualTo(2);
            assertThat(r.stats().fallbackSteps()).isZero();
        }
    }

    @Test
    void concurrentCallersGetTheSameResultsAsSequentialRuns() throws Exception {
        GsiDecoder d = decoder(new TextReward(), options(Policy.GSI, 0).toBuilder().trace(false).build());
        int requests = 16;
        List<int[]> sequential = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            sequential.add(d.decode(request(d, i)).tokens());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int seed = i;
                futures.add(pool.submit(() -> d.decode(request(d, seed)).tokens()));
            }
            for (int i = 0; i < requests; i++) {
                assertThat(futures.get(i).get()).as("request %d", i).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sequential.stream().map(Arrays::toString).distinct().count()).isGreaterThan(1);
        assertThat(draftModel.kvCaches()).isLessThanOrEqualTo(4);
    }

    static GsiRequest request(GsiDecoder d, long seed) {
        return new GsiRequest(prompt, "What is 2 + 2?", d.defaultOptions().toBuilder().seed(seed).build());
    }
}
