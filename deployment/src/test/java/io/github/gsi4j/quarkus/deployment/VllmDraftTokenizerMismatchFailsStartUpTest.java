package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code draft.tokenizer} naming a folder whose tokenizer is not the draft server's (one token per character, but
 * with another id for "a") stops start-up naming the property.
 */
class VllmDraftTokenizerMismatchFailsStartUpTest {

    static final Path FOLDER = Path.of("target", "shifted-char-tokenizer");

    @RegisterExtension
    static final QuarkusUnitTest app = app();

    static QuarkusUnitTest app() {
        CharTokenizerFolder.write(FOLDER);
        try {
            Path json = FOLDER.resolve("tokenizer.json");
            Files.writeString(json, Files.readString(json).replace("\"a\":97", "\"a\":49999"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        QuarkusUnitTest t = new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(StubVllmServers.class, CharTokenizerFolder.class))
                .overrideConfigKey("quarkus.langchain4j.chat-model.provider", "gsi")
                .overrideConfigKey("quarkus.langchain4j.gsi.draft.tokenizer", FOLDER.toAbsolutePath().toString())
                .assertException(e -> assertThat(GsiTestApps.messages(e))
                        .contains("quarkus.langchain4j.gsi.draft.tokenizer: the tokenizer in")
                        .contains("encodes the probe text differently"));
        for (Map.Entry<String, String> e : StubVllmServers.properties().entrySet()) {
            t.overrideConfigKey(e.getKey(), e.getValue());
        }
        return t;
    }

    @Test
    void failsStartUp() {
        fail("start-up should have failed");
    }
}
