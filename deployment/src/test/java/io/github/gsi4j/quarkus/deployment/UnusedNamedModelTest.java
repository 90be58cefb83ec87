package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.model.chat.ChatModel;
import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.github.gsi4j.testing.TinyModels;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A named GSI configuration that nothing uses (the demo's {@code tutor} block copied without its AI service
 * and reward bean) does not stop start-up: it loads nothing, and its configuration error shows when it is
 * looked up.
 */
class UnusedNamedModelTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.class, GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.tutor.chat-model.provider", "gsi")
            .overrideConfigKey("quarkus.langchain4j.gsi.tutor.draft.model", TinyModels.draft().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.tutor.base.model", TinyModels.base().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.tutor.policy", "soft-bon-base");

    @Inject
    ChatModel chatModel;

    @Inject
    GsiModels models;

    @Test
    void startsWithoutTheNamedModelsRewardBean() {
        assertThat(chatModel.toString()).contains("GuidedSpeculativeChatModel");
        assertThat(models.loadedModels()).as("only the default model's draft and base").isEqualTo(2);
        assertThatThrownBy(() -> Arc.container().select(ChatModel.class, ModelName.Literal.of("tutor")).get().toString())
                .satisfies(t -> assertThat(GsiTestApps.messages(t)).contains("quarkus.langchain4j.gsi.tutor.reward.type")
                        .contains("@ModelName(\"tutor\")"));
    }
}
