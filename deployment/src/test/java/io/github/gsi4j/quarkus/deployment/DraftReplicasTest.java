package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.github.gsi4j.testing.Concurrently;
import io.quarkus.test.QuarkusUnitTest;

/** {@code draft.replicas} loads that many draft instances, and concurrent requests answer as they do alone. */
class DraftReplicasTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.class, GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.draft.replicas", "3")
            .overrideConfigKey("quarkus.langchain4j.gsi.n", "3")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "2")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-step-tokens", "6");

    @Inject
    ChatModel chatModel;

    @Inject
    GsiModels models;

    private String ask(int seed) {
        return chatModel.chat(ChatRequest.builder().messages(UserMessage.from("What is " + seed + " + 2?"))
                .parameters(GsiChatRequestParameters.builder().seed((long) seed).build()).build()).aiMessage().text();
    }

    @Test
    void concurrentRequestsOnThreeReplicasAnswerAsAlone() throws Exception {
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            alone.add(ask(i));
        }
        List<String> together = Concurrently.run(6, 2, Duration.ofMinutes(2), this::ask);
        assertThat(together).isEqualTo(alone);
        assertThat(models.loadedModels()).as("three draft instances and the embedded base").isEqualTo(4);
    }
}
