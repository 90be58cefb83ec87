package io.github.gsi4j.testing;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Answers of an SGLang server in its native format, built from the request, for {@link StubServer}:
 * {@code /generate} on token ids (scoring: every input token from {@code logprob_start_len} on has
 * log-probability −0.5; sampling: each input gets a fixed step ended by the stop string) and
 * {@code /v1/tokenize} with a given tokenizer.
 */
public final class FakeSglang {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeSglang() {
    }

    /** Serves SGLang's base endpoints on {@code server}. */
    public static StubServer serveBase(StubServer server, Function<String, int[]> tokenizer, String sampledText) {
        int[] sampled = tokenizer.apply(sampledText);
        return server.handle("/generate", r -> generate(r, sampledText, sampled))
                .handle("/v1/tokenize", r -> FakeVllm.tokenize(r, tokenizer));
    }

    /** Scoring when the request asks for log-probabilities, sampling otherwise; one output per input. */
    public static StubServer.Answer generate(StubServer.Recorded r, String sampledText, int[] sampledTokens) {
        JsonNode request = r.json();
        boolean scoring = request.path("return_logprob").asBoolean(false);
        int start = request.path("logprob_start_len").asInt(0);
        ArrayNode outputs = JSON.createArrayNode();
        for (JsonNode input : request.get("input_ids")) {
            ObjectNode out = outputs.addObject();
            ObjectNode meta = out.putObject("meta_info");
            if (scoring) {
                out.put("text", "").putArray("output_ids");
                ArrayNode logprobs = meta.putArray("input_token_logprobs");
                for (int t = start; t < input.size(); t++) {
                    ArrayNode entry = logprobs.addArray();
                    if (t == 0) {
                        entry.addNull();
                    } else {
                        entry.add(-0.5);
                    }
                    entry.add(input.get(t).asInt()).addNull();
                }
                meta.putObject("finish_reason").put("type", "length").put("length", 0);
            } else {
                out.put("text", sampledText);
                ArrayNode ids = out.putArray("output_ids");
                for (int t : sampledTokens) {
                    ids.add(t);
                }
                meta.putObject("finish_reason").put("type", "stop").put("matched", "\n\n");
            }
        }
        return StubServer.Answer.json(outputs.toString());
    }
}
