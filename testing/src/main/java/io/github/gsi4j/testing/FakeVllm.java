package io.github.gsi4j.testing;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Answers of a vLLM server in its response format, built from the request, for {@link StubServer}:
 * echo scoring (every prompt token −0.5), fallback sampling (n copies of a fixed step), the model list,
 * tokenization with a given tokenizer, and a PRM's pooling answer.
 */
public final class FakeVllm {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeVllm() {
    }

    /** Serves the vLLM base endpoints on {@code server}. */
    public static StubServer serveBase(StubServer server, String model, Function<String, int[]> tokenizer,
            String sampledText) {
        int[] sampled = tokenizer.apply(sampledText);
        return server.handle("/v1/completions", r -> completions(r, sampledText, sampled))
                .handle("/v1/models", r -> models(model))
                .handle("/tokenize", r -> tokenize(r, tokenizer));
    }

    /** Scoring when the request echoes, sampling otherwise. */
    public static StubServer.Answer completions(StubServer.Recorded r, String sampledText, int[] sampledTokens) {
        return r.json().get("echo") != null ? scoring(r) : sampling(r, sampledText, sampledTokens);
    }

    /** vLLM's echo scoring answer: every prompt token has log-probability −0.5; choices in reverse order. */
    public static StubServer.Answer scoring(StubServer.Recorded r) {
        ObjectNode root = JSON.createObjectNode().put("object", "text_completion").put("model", "base");
        ArrayNode choices = root.putArray("choices");
        JsonNode prompts = r.json().get("prompt");
        for (int i = prompts.size() - 1; i >= 0; i--) { // reversed: the client must match by index
            ObjectNode c = choices.addObject().put("index", i).put("text", "");
            ArrayNode lp = c.putObject("logprobs").putArray("token_logprobs");
            lp.addNull();
            for (int t = 1; t < prompts.get(i).size(); t++) {
                lp.add(-0.5);
            }
            c.put("finish_reason", "length").putNull("stop_reason");
        }
        return StubServer.Answer.json(root.toString());
    }

    /** vLLM's sampling answer: n copies of {@code text}, ended by the stop string. */
    public static StubServer.Answer sampling(StubServer.Recorded r, String text, int[] tokens) {
        ObjectNode root = JSON.createObjectNode().put("object", "text_completion").put("model", "base");
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < r.json().get("n").asInt(); i++) {
            ObjectNode c = choices.addObject().put("index", i).put("text", text);
            ArrayNode ids = c.putArray("token_ids");
            for (int t : tokens) {
                ids.add(t);
            }
            c.put("finish_reason", "stop").put("stop_reason", "\n\n");
        }
        return StubServer.Answer.json(root.toString());
    }

    /** {@code GET /v1/models} serving {@code model}. */
    public static StubServer.Answer models(String model) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        root.putArray("data").addObject().put("id", model).put("object", "model").put("owned_by", "vllm");
        return StubServer.Answer.json(root.toString());
    }

    /** {@code POST /tokenize} with the given tokenizer. */
    public static StubServer.Answer tokenize(StubServer.Recorded r, Function<String, int[]> tokenizer) {
        int[] ids = tokenizer.apply(r.json().get("prompt").asText());
        ObjectNode root = JSON.createObjectNode().put("count", ids.length).put("max_model_len", 2048);
        ArrayNode tokens = root.putArray("tokens");
        for (int t : ids) {
            tokens.add(t);
        }
        return StubServer.Answer.json(root.toString());
    }

    /** A PRM's {@code /pooling} answer giving every input the reward {@code reward}. */
    public static StubServer.Answer pooling(StubServer.Recorded r, double reward) {
        ObjectNode root = JSON.createObjectNode().put("object", "list").put("model", "prm");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < r.json().get("input").size(); i++) {
            data.addObject().put("index", i).put("object", "pooling").putArray("data").addArray().add(1 - reward).add(reward);
        }
        return StubServer.Answer.json(root.toString());
    }
}
