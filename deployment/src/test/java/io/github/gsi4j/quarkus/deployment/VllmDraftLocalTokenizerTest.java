package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code draft.type=vllm} with {@code draft.tokenizer}: the prompt is rendered in the application from the local
 * tokenizer folder (checked at start-up against the draft server's ids of the probe text), not by a server.
 */
class VllmDraftLocalTokenizerTest {

    static final Path FOLDER = Path.of("target", "char-tokenizer");

    @RegisterExtension
    static final QuarkusUnitTest app = app();

    static QuarkusUnitTest app() {
        CharTokenizerFolder.write(FOLDER);
        QuarkusUnitTest t = new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(StubVllmServers.class, CharTokenizerFolder.class))
                .overrideConfigKey("quarkus.langchain4j.chat-model.provider", "gsi")
                .overrideConfigKey("quarkus.langchain4j.gsi.n", "3")
                .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "2")
                .overrideConfigKey("quarkus.langchain4j.gsi.draft.tokenizer", FOLDER.toAbsolutePath().toString());
        for (Map.Entry<String, String> e : StubVllmServers.properties().entrySet()) {
            t.overrideConfigKey(e.getKey(), e.getValue());
        }
        return t;
    }

    @Inject
    ChatModel chatModel;

    @Test
    void rendersThePromptFromTheLocalTokenizerFolder() {
        long serverRenderingsBefore = chatRenderings();
        chatModel.chat(ChatRequest.builder()
                .messages(SystemMessage.from("Reason step by step."), UserMessage.from("What is 2 + 2?"))
                .parameters(GsiChatRequestParameters.builder().seed(3L).build()).build());

        assertThat(chatRenderings()).as("no server rendered the chat").isEqualTo(serverRenderingsBefore);
        String expected = "<|im_start|>system\nReason step by step.<|im_end|>\n<|im_start|>user\nWhat is 2 + 2?<|im_end|>\n"
                + "<|im_start|>assistant\n";
        JsonNode draftCall = StubVllmServers.requests("/v1/completions").stream()
                .filter(j -> j.hasNonNull("logprobs") && j.get("max_tokens").asInt() > 1).reduce((a, b) -> b).orElseThrow();
        int[] sent = new int[draftCall.get("prompt").size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = draftCall.get("prompt").get(i).asInt();
        }
        assertThat(sent).as("the local template's rendering").isEqualTo(StubVllmServers.ids(expected));
    }

    private static long chatRenderings() {
        List<JsonNode> tokenize = StubVllmServers.requests("/tokenize");
        return tokenize.stream().filter(j -> j.has("messages")).count();
    }
}
