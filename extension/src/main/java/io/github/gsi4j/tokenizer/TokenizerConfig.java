package io.github.gsi4j.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What {@code tokenizer_config.json} says about special tokens and the chat template: {@code bos_token},
 * {@code eos_token}, {@code unk_token}, {@code pad_token} (strings, or added-token objects with a
 * {@code content}), {@code add_bos_token}, {@code add_eos_token}, {@code tokenizer_class} and
 * {@code chat_template} (a string, or a list of named templates of which {@code default} is used). A
 * {@code chat_template.jinja} file beside it takes precedence, as it does for Hugging Face.
 */
public final class TokenizerConfig {

    private final JsonNode root;
    private final String chatTemplate;

    TokenizerConfig(JsonNode root, String chatTemplateFile) {
        this.root = root == null ? MissingNode.getInstance() : root;
        this.chatTemplate = chatTemplateFile != null ? chatTemplateFile : template(this.root.path("chat_template"));
    }

    /** The config of a model folder; an empty one when the folder has no {@code tokenizer_config.json}. */
    static TokenizerConfig read(Path folder) throws IOException {
        JsonNode root = Files.isRegularFile(folder.resolve("tokenizer_config.json"))
                || Files.isRegularFile(folder.resolve("tokenizer_config.json.gz"))
                        ? HfTokenizer.readJson(folder, "tokenizer_config.json")
                        : null;
        Path jinja = folder.resolve("chat_template.jinja");
        String file = Files.isRegularFile(jinja) ? Files.readString(jinja, StandardCharsets.UTF_8) : null;
        if (file == null && Files.isRegularFile(folder.resolve("chat_template.json"))) {
            file = template(HfTokenizer.JSON.readTree(folder.resolve("chat_template.json").toFile()).path("chat_template"));
        }
        return new TokenizerConfig(root, file);
    }

    private static String template(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            for (JsonNode t : node) {
                if (t.path("name").asText().equals("default")) {
                    return t.path("template").asText();
                }
            }
        }
        return null;
    }

    private Optional<String> token(String field) {
        JsonNode n = root.path(field);
        if (n.isTextual()) {
            return Optional.of(n.asText());
        }
        if (n.isObject() && n.path("content").isTextual()) {
            return Optional.of(n.get("content").asText());
        }
        return Optional.empty();
    }

    private Optional<Boolean> flag(String field) {
        JsonNode n = root.path(field);
        return n.isBoolean() ? Optional.of(n.asBoolean()) : Optional.empty();
    }

    public Optional<String> bosToken() {
        return token("bos_token");
    }

    public Optional<String> eosToken() {
        return token("eos_token");
    }

    public Optional<Boolean> addBosToken() {
        return flag("add_bos_token");
    }

    public Optional<Boolean> addEosToken() {
        return flag("add_eos_token");
    }

    public Optional<String> tokenizerClass() {
        JsonNode n = root.path("tokenizer_class");
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The Jinja chat template, if the model has one. */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /**
     * The special tokens a chat template sees as variables ({@code bos_token}, {@code eos_token},
     * {@code unk_token}, {@code pad_token} when set, and {@code additional_special_tokens}), as Hugging
     * Face's {@code special_tokens_map} passes them.
     */
    public Map<String, Object> specialTokensMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
            token(f).ifPresent(v -> out.put(f, v));
        }
        JsonNode extra = root.path("additional_special_tokens");
        if (extra.isArray() && !extra.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (JsonNode e : extra) {
                names.add(e.isTextual() ? e.asText() : e.path("content").asText());
            }
            out.put("additional_special_tokens", Collections.unmodifiableList(names));
        }
        return Collections.unmodifiableMap(out);
    }
}
