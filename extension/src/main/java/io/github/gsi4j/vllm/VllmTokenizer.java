package io.github.gsi4j.vllm;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.vllm.api.ModelsResponse;
import io.github.gsi4j.vllm.api.TokenizeChatRequest;
import io.github.gsi4j.vllm.api.TokenizeRequest;
import io.github.gsi4j.vllm.api.TokenizeResponse;

/**
 * The tokenizer and chat template of a model served by vLLM, used through the server: {@code POST /tokenize}
 * with a text ({@code add_special_tokens: false}: the ids of exactly that text) or with chat messages (rendered
 * by the served model's own chat template with the generation prompt, the way {@code apply_chat_template}
 * renders them, and tokenized), and the served model's context window ({@code max_model_len} of
 * {@code GET /v1/models}). A draft served by vLLM has no tokenizer in the application: its prompts are
 * rendered this way.
 */
public final class VllmTokenizer {

    private final JsonHttpClient http;
    private final String model;

    /**
     * @param http the server's client
     * @param model the served model's name, as {@code /v1/models} lists it
     */
    public VllmTokenizer(JsonHttpClient http, String model) {
        this.http = Objects.requireNonNull(http, "http");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The served model's name. */
    public String model() {
        return model;
    }

    /** The server's base URL. */
    public String baseUrl() {
        return http.endpoint().baseUrl().toString();
    }

    /** The token ids of {@code text}, without special tokens. */
    public int[] encode(String text) {
        return ids(http.post("/tokenize", new TokenizeRequest(model, text, false), TokenizeResponse.class));
    }

    /**
     * The prompt token ids of a chat: the served model's chat template applied to {@code messages} with the
     * generation prompt (the assistant's turn opened), nothing added beyond what the template writes.
     */
    public int[] encodeChat(List<TokenizeChatRequest.Message> messages) {
        return ids(http.post("/tokenize", new TokenizeChatRequest(model, messages, true, false), TokenizeResponse.class));
    }

    /**
     * The served model's context window ({@code max_model_len}), empty when the server does not say.
     *
     * @throws GsiException when the server does not serve {@link #model()}
     */
    public OptionalInt maxModelLen() {
        ModelsResponse models = http.get("/v1/models", ModelsResponse.class);
        for (ModelsResponse.Model m : models.data() == null ? List.<ModelsResponse.Model> of() : models.data()) {
            if (model.equals(m.id())) {
                return m.maxModelLen() == null ? OptionalInt.empty() : OptionalInt.of(m.maxModelLen());
            }
        }
        throw new GsiException("The server " + baseUrl() + " does not serve '" + model + "'");
    }

    private int[] ids(TokenizeResponse r) {
        if (r.tokens() == null) {
            throw new GsiInvalidResponseException(http.url("/tokenize") + " answered without tokens");
        }
        return r.tokens().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "VllmTokenizer[" + model + " at " + baseUrl() + "]";
    }
}
