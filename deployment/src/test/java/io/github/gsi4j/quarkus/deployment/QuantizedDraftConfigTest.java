package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import io.github.gsi4j.jlama.DraftQuantization;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.github.gsi4j.testing.TinyModels;
import io.quarkus.test.QuarkusUnitTest;

/** {@code draft.quantization=q8} loads the draft quantized; the embedded base, even from the same folder, is not. */
class QuantizedDraftConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.class, GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.draft.quantization", "q8")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.model", TinyModels.draft().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.n", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-step-tokens", "4");

    @Inject
    ChatModel chatModel;

    @Inject
    GsiModels models;

    @Test
    void theDraftIsQuantizedAndTheBaseIsNot() {
        assertThat(chatModel.chat(UserMessage.from("What is 2 + 2?")).aiMessage().text()).isNotNull();
        assertThat(models.loaded()).extracting(JlamaModel::quantization)
                .containsExactlyInAnyOrder(DraftQuantization.Q8, DraftQuantization.NONE);
        assertThat(models.loaded()).allSatisfy(m -> assertThat(m.folder()).isEqualTo(TinyModels.draft()));
    }
}
