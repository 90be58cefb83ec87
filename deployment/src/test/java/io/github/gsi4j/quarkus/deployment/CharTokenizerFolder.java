package io.github.gsi4j.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.gsi4j.tokenizer.TokenizerProbe;

/**
 * A Hugging Face tokenizer folder ({@code tokenizer.json}, {@code tokenizer_config.json} with a ChatML template)
 * that tokenizes exactly as {@link StubVllmServers} does: one token per character, the code point modulo 50 000 as
 * its id. It stands in for a served draft's real tokenizer folder in the {@code draft.tokenizer} tests; the
 * encoder's fidelity to real tokenizer files is tested in the library.
 */
final class CharTokenizerFolder {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHATML = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
            + "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    private CharTokenizerFolder() {
    }

    /** Writes the folder (once per path) and returns it. */
    static Path write(Path folder) {
        try {
            Files.createDirectories(folder);
            TreeSet<Integer> chars = new TreeSet<>();
            for (int c = 0x20; c < 0x7f; c++) {
                chars.add(c);
            }
            chars.add((int) '\n');
            TokenizerProbe.TEXT.codePoints().forEach(chars::add);
            ObjectNode root = JSON.createObjectNode().put("version", "1.0");
            root.putNull("truncation");
            root.putNull("padding");
            root.putArray("added_tokens");
            root.putNull("normalizer");
            root.putNull("pre_tokenizer");
            root.putNull("post_processor");
            root.putNull("decoder");
            ObjectNode model = root.putObject("model").put("type", "BPE").put("fuse_unk", false)
                    .put("byte_fallback", false).put("ignore_merges", false);
            model.putNull("dropout");
            model.putNull("unk_token");
            ObjectNode vocab = model.putObject("vocab");
            for (int c : chars) {
                vocab.put(Character.toString(c), c % 50_000);
            }
            model.putArray("merges");
            Files.writeString(folder.resolve("tokenizer.json"), root.toString());
            ObjectNode config = JSON.createObjectNode().put("chat_template", CHATML).put("add_bos_token", false);
            config.putNull("bos_token");
            Files.writeString(folder.resolve("tokenizer_config.json"), config.toString());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
