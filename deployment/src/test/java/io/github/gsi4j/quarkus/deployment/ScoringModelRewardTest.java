package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import io.github.gsi4j.core.StepTrace;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code reward.type=scoring-model} with {@code normalizer=sigmoid} (what the guide recommends for rerankers):
 * the application's {@link ScoringModel} bean scores each candidate, and the reward the policy sees is
 * sigmoid(score), the normalizer applied once.
 */
class ScoringModelRewardTest {

    /** A reranker's raw logit for every candidate. */
    static final double LOGIT = 2.0;

    @RegisterExtension
    static final QuarkusUnitTest app = TinyApp.small(Reranker.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.type", "scoring-model")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.normalizer", "sigmoid");

    /** Stands in for a cross-encoder: a fixed logit per segment, and what it was asked. */
    @ApplicationScoped
    public static class Reranker implements ScoringModel {
        final List<String> queries = new CopyOnWriteArrayList<>();

        @Override
        public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
            queries.add(query);
            return Response.from(segments.stream().map(s -> LOGIT).toList());
        }

        List<String> queries() {
            return queries;
        }
    }

    @Inject
    ChatModel chatModel;

    @Inject
    Reranker reranker;

    @Test
    void thePolicySeesTheSigmoidOfTheRerankersScoreOnce() {
        GsiChatResponseMetadata meta = TinyApp.askTraced(chatModel);

        double sigmoid = 1 / (1 + Math.exp(-LOGIT));
        assertThat(meta.trace()).isNotEmpty();
        for (StepTrace step : meta.trace()) {
            double[] rewards = TinyApp.chosenFrom(step);
            assertThat(rewards).isNotEmpty().containsOnly(new double[] { sigmoid }, within(1e-9));
        }
        assertThat(reranker.queries()).isNotEmpty().allMatch("What is 2 + 2?"::equals);
    }
}
