package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.testing.FakeSglang;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TinyModels;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code base.type=sglang} against a loopback stub speaking SGLang's native API: start-up checks the tokenizer
 * with {@code /v1/tokenize} (the stub tokenizes with the draft's own tokenizer), and each step's drafts are scored
 * with {@code /generate}. {@link SglangTokenizerMismatchFailsStartUpTest} shows the check refusing a server with
 * another tokenizer.
 */
class SglangBaseTest {

    static final String SGLANG = TinyApp.stubOnce("sglang", () -> {
        JlamaModel tokenizer = JlamaModel.load(TinyModels.draft());
        return FakeSglang.serveBase(new StubServer(), tokenizer::encode, " The answer is 4.\n\n");
    });

    @RegisterExtension
    static final QuarkusUnitTest app = TinyApp.small(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.base.type", "sglang")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.url", SGLANG);

    @Inject
    ChatModel chatModel;

    @Test
    void theDraftsAreScoredBySglang() {
        GsiChatResponseMetadata meta = (GsiChatResponseMetadata) chatModel.chat(ChatRequest.builder()
                .messages(UserMessage.from("What is 2 + 2?")).build()).metadata();

        assertThat(meta.stats().steps()).isPositive();
        assertThat(meta.stats().baseTokensScored()).isEqualTo(meta.stats().draftTokens()).isPositive();
        assertThat(meta.stats().degraded()).isFalse();
    }
}
