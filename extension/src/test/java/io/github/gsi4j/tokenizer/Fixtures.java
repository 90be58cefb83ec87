package io.github.gsi4j.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real tokenizer files under {@code src/test/resources/tokenizers} and their golden files (see the
 * README there), loaded once per test JVM.
 */
public final class Fixtures {

    /** Every family with a fixture folder. */
    public static final List<String> FAMILIES = List.of("qwen2_5", "qwen3", "llama3", "llama3_1", "deepseek_v3",
            "gptoss", "mistral");
    /** The families whose tokenizer_config.json has a chat template. */
    public static final List<String> WITH_TEMPLATE = List.of("qwen2_5", "qwen3", "llama3", "llama3_1", "deepseek_v3");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ChatTokenizer> LOADED = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** The folder of a family's tokenizer.json.gz and tokenizer_config.json.gz. */
    public static Path folder(String family) {
        return root().resolve(family);
    }

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/tokenizers/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A family's tokenizer and template, loaded once. */
    public static ChatTokenizer load(String family) {
        return LOADED.computeIfAbsent(family, f -> ChatTokenizer.load(folder(f)));
    }

    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(root().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> strings() {
        List<String> out = new ArrayList<>();
        json("corpus/strings.json").forEach(n -> out.add(n.asText()));
        return out;
    }

    public static JsonNode golden(String family) {
        return json("golden/" + family + ".json");
    }

    public static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
