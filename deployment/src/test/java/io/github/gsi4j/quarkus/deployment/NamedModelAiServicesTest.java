package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.service.UserMessage;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.testing.TinyModels;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkiverse.langchain4j.RegisterAiService;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Two AI services in one application: one on the default GSI model, one on the named model {@code second}
 * ({@code @RegisterAiService(modelName = "second")}) with its own policy, n and reward bean.
 */
class NamedModelAiServicesTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.class, GsiTestApps.ConstantReward.class,
            SecondReward.class, DefaultAssistant.class, SecondAssistant.class, Responses.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.n", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-step-tokens", "4")
            .overrideConfigKey("quarkus.langchain4j.second.chat-model.provider", "gsi")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.draft.model", TinyModels.draft().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.second.base.model", TinyModels.base().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.second.policy", "soft-bon-base")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.n", "3")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.max-steps", "1")
            .overrideConfigKey("quarkus.langchain4j.gsi.second.max-step-tokens", "4");

    /** The default model's AI service. */
    @RegisterAiService
    @ApplicationScoped
    public interface DefaultAssistant {
        String answer(@UserMessage String question);
    }

    /** The named model's AI service. */
    @RegisterAiService(modelName = "second")
    @ApplicationScoped
    public interface SecondAssistant {
        String answer(@UserMessage String question);
    }

    /** What each answer's GSI metadata was, seen as every listener bean sees it. */
    @ApplicationScoped
    public static class Responses implements ChatModelListener {
        private final List<GsiChatResponseMetadata> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onResponse(ChatModelResponseContext context) {
            seen.add((GsiChatResponseMetadata) context.chatResponse().metadata());
        }

        GsiChatResponseMetadata last() {
            return seen.get(seen.size() - 1);
        }
    }

    /** The named model's reward: counts its calls. */
    @ApplicationScoped
    @ModelName("second")
    public static class SecondReward extends GsiTestApps.ConstantReward {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public double[] score(RewardContext context, List<StepCandidate> candidates) {
            calls.incrementAndGet();
            return super.score(context, candidates);
        }

        int calls() {
            return calls.get();
        }
    }

    @Inject
    DefaultAssistant defaultAssistant;

    @Inject
    SecondAssistant secondAssistant;

    @Inject
    @ModelName("second")
    SecondReward secondReward;

    @Inject
    Responses responses;

    @Test
    void eachAiServiceDecodesWithItsOwnModel() {
        defaultAssistant.answer("What is 2 + 2?");
        GsiChatResponseMetadata byDefault = responses.last();
        assertThat(byDefault.modelName()).isEqualTo("gsi");
        assertThat(byDefault.policy()).isEqualTo(Policy.GSI);
        assertThat(byDefault.stats().draftTokens()).isPositive();
        assertThat(secondReward.calls()).as("the default model does not use the named model's reward").isZero();

        secondAssistant.answer("What is 2 + 2?");
        GsiChatResponseMetadata second = responses.last();
        assertThat(second.modelName()).isEqualTo("gsi-second");
        assertThat(second.policy()).isEqualTo(Policy.SOFT_BON_BASE);
        assertThat(second.stats().steps()).isEqualTo(1);
        assertThat(second.stats().baseTokensGenerated()).isPositive();
        assertThat(second.stats().draftTokens()).isZero();
        assertThat(secondReward.calls()).isEqualTo(1);
    }
}
