package io.github.gsi4j.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;

/**
 * One loopback stub standing in for the three vLLM servers of the paper's setting, in vLLM's formats: a draft
 * ({@code /v1/completions} with {@code logprobs}: n copies of {@link #DRAFT_STEP}, each token at log-probability
 * −0.25 whatever the temperature, as vLLM's default {@code raw_logprobs} mode reports), a base (echo scoring,
 * fallback sampling) and a PRM ({@code /pooling}, reward 0.9). {@code /tokenize} tokenizes a prompt one token per
 * character, and renders {@code messages} with a ChatML template first; {@code /v1/models} lists both models with
 * their {@code max_model_len}.
 */
final class StubVllmServers {

    static final String DRAFT = "Qwen/Qwen2.5-Math-1.5B-Instruct";
    static final String BASE = "Qwen/Qwen2.5-Math-7B-Instruct";
    static final String DRAFT_STEP = "So the answer is 4.";
    static final int MAX_MODEL_LEN = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the URL of this JVM's stub is kept: the test and the application see different class loaders. */
    private static final String URL_PROPERTY = "gsi4j.test.stub-vllm-servers";

    private StubVllmServers() {
    }

    /** The URL of this JVM's stub, started on first use and kept until the JVM exits. */
    static synchronized String url() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            url = start().url();
            System.setProperty(URL_PROPERTY, url);
        }
        return url;
    }

    /** The bodies of the requests the stub received on {@code path}, in order (read from any class loader). */
    static List<JsonNode> requests(String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/_requests"))
                    .POST(HttpRequest.BodyPublishers.ofString(path)).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static StubServer start() {
        StubServer server = new StubServer();
        server.handle("/_requests", r -> {
            ArrayNode bodies = JSON.createArrayNode();
            for (StubServer.Recorded rec : server.requests(r.body())) {
                bodies.add(rec.json());
            }
            return StubServer.Answer.json(bodies.toString());
        });
        server.handle("/v1/models", r -> models());
        server.handle("/tokenize", StubVllmServers::tokenize);
        server.handle("/v1/completions", r -> {
            JsonNode body = r.json();
            if (body.get("echo") != null) {
                return FakeVllm.scoring(r);
            }
            return body.hasNonNull("logprobs") ? draft(body) : FakeVllm.sampling(r, "base step\n\n", ids("base step\n\n"));
        });
        server.handle("/pooling", r -> FakeVllm.pooling(r, 0.9));
        return server;
    }

    /** One token per character. */
    static int[] ids(String text) {
        return text.codePoints().map(c -> c % 50_000).toArray();
    }

    /** The ChatML rendering of {@code messages} with the generation prompt. */
    static String chatml(JsonNode messages) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode m : messages) {
            sb.append("<|im_start|>").append(m.get("role").asText()).append('\n').append(m.get("content").asText())
                    .append("<|im_end|>\n");
        }
        return sb.append("<|im_start|>assistant\n").toString();
    }

    private static StubServer.Answer tokenize(StubServer.Recorded r) {
        JsonNode body = r.json();
        String text = body.has("messages") ? chatml(body.get("messages")) : body.get("prompt").asText();
        ObjectNode root = JSON.createObjectNode();
        int[] ids = ids(text);
        root.put("count", ids.length).put("max_model_len", MAX_MODEL_LEN);
        ArrayNode tokens = root.putArray("tokens");
        for (int t : ids) {
            tokens.add(t);
        }
        root.putNull("token_strs");
        return StubServer.Answer.json(root.toString());
    }

    private static StubServer.Answer models() {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String m : new String[] { DRAFT, BASE }) {
            data.addObject().put("id", m).put("object", "model").put("owned_by", "vllm").put("root", m)
                    .put("max_model_len", MAX_MODEL_LEN);
        }
        return StubServer.Answer.json(root.toString());
    }

    /** The draft's answer: n copies of the step, ending the sequence, each token at −0.25 (raw log-probabilities). */
    private static StubServer.Answer draft(JsonNode body) {
        int n = body.get("n").asInt();
        int maxTokens = body.get("max_tokens").asInt();
        String text = maxTokens == 1 ? "S" : DRAFT_STEP;
        ObjectNode root = JSON.createObjectNode().put("id", "cmpl-draft").put("object", "text_completion")
                .put("model", DRAFT);
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < n; i++) {
            ObjectNode c = choices.addObject().put("index", i).put("text", text);
            ArrayNode ids = c.putArray("token_ids");
            ArrayNode lp = c.putObject("logprobs").putArray("token_logprobs");
            for (int t : ids(text)) {
                ids.add(t);
                lp.add(-0.25);
            }
            c.put("finish_reason", maxTokens == 1 ? "length" : "stop").putNull("stop_reason");
        }
        return StubServer.Answer.json(root.toString());
    }

    /** The properties of a GSI model on these servers, with a vLLM draft reporting raw log-probabilities. */
    static Map<String, String> properties() {
        String url = url();
        return Map.of("quarkus.langchain4j.gsi.draft.type", "vllm", "quarkus.langchain4j.gsi.draft.url", url,
                "quarkus.langchain4j.gsi.draft.model", DRAFT, "quarkus.langchain4j.gsi.draft.logprobs", "raw",
                "quarkus.langchain4j.gsi.base.type", "vllm", "quarkus.langchain4j.gsi.base.url", url,
                "quarkus.langchain4j.gsi.base.model", BASE, "quarkus.langchain4j.gsi.reward.type", "vllm-prm",
                "quarkus.langchain4j.gsi.reward.url", url, "quarkus.langchain4j.gsi.reward.model",
                "Qwen/Qwen2.5-Math-PRM-7B");
    }
}
