package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.testing.TinyModels;

/** Messages that reach a caller name the model by its folder's name, never by the folder's path on the server. */
class JlamaModelMessagesTest {

    @Test
    void aPromptThatCannotFitNamesTheModelWithoutItsPath() {
        try (JlamaModel model = JlamaModel.load(TinyModels.draft())) {
            String path = model.folder().toAbsolutePath().toString();
            assertThatThrownBy(() -> model.encodeChat(List.of(UserMessage.from("x".repeat(1_000_000)))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context window")
                    .hasMessageContaining("model " + model.name()).hasMessageNotContaining(path);
            assertThatThrownBy(() -> model.sampleSteps(new int[model.contextLength()], 1,
                    new io.github.gsi4j.core.SamplingParams(1, 1, 0, 4, "\n\n", io.github.gsi4j.core.ProposalDensity.EXACT),
                    new java.util.SplittableRandom(1))).hasMessageContaining("context window").hasMessageNotContaining(path);
        }
    }
}
