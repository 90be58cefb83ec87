package io.github.gsi4j.vllm;

import static io.github.gsi4j.testing.StubServer.resource;
import static io.github.gsi4j.testing.StubServer.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.langchain4j.ChatTemplate;
import io.github.gsi4j.testing.StubServer;

/** Prompts rendered by a vLLM server's chat template, and its context window, in vLLM's own formats. */
class VllmTokenizerTest {

    static final String MODEL = "Qwen/Qwen2.5-Math-7B-Instruct";

    final StubServer server = new StubServer();

    @AfterEach
    void stop() {
        server.close();
    }

    VllmTokenizer tokenizer() {
        return new VllmTokenizer(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).maxRetries(0).build()),
                MODEL);
    }

    @Test
    void chatMessagesAreRenderedByTheServersTemplateWithTheGenerationPrompt() throws Exception {
        server.script("/tokenize", json(resource("vllm/tokenize.json")));
        ChatTemplate template = ChatTemplate.of(tokenizer(), 4096);
        int[] ids = template.encode(List.of(SystemMessage.from("Reason step by step."), UserMessage.from("What is 2 + 2?"),
                AiMessage.from("4."), UserMessage.from("And 3 + 3?")));

        assertThat(ids).containsExactly(20, 21, 22, 23);
        assertThat(template.contextLength()).isEqualTo(4096);
        String sent = server.requests("/tokenize").get(0).body();
        assertThat(new ObjectMapper().readTree(sent)).isEqualTo(new ObjectMapper().readTree("""
                {"model": "Qwen/Qwen2.5-Math-7B-Instruct",
                 "messages": [{"role": "system", "content": "Reason step by step."},
                              {"role": "user", "content": "What is 2 + 2?"},
                              {"role": "assistant", "content": "4."},
                              {"role": "user", "content": "And 3 + 3?"}],
                 "add_generation_prompt": true, "add_special_tokens": false}"""));
        assertThatThrownBy(() -> template.encode(List.of(ToolExecutionResultMessage.from("id", "tool", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ToolExecutionResultMessage");
    }

    @Test
    void textIsTokenizedWithoutSpecialTokensAndTheContextWindowComesFromTheModelList() throws Exception {
        server.script("/tokenize", json(resource("vllm/tokenize.json")));
        server.script("/v1/models", json(resource("vllm/models.json")));
        assertThat(tokenizer().encode("2 + 2")).containsExactly(20, 21, 22, 23);
        assertThat(server.requests("/tokenize").get(0).json().get("add_special_tokens").asBoolean()).isFalse();
        assertThat(tokenizer().maxModelLen()).hasValue(4096);

        server.script("/v1/models", json(resource("vllm/models.json")));
        assertThatThrownBy(() -> new VllmTokenizer(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).build()),
                "other/model").maxModelLen())
                .isInstanceOf(GsiException.class).hasMessageContaining("does not serve 'other/model'");
    }
}
