package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** A served draft configured for processed log-probabilities whose server reports raw ones fails start-up. */
class VllmDraftLogprobsMismatchFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = app();

    static QuarkusUnitTest app() {
        QuarkusUnitTest t = new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClasses(StubVllmServers.class))
                .overrideConfigKey("quarkus.langchain4j.chat-model.provider", "gsi")
                .assertException(e -> assertThat(GsiTestApps.messages(e)).contains("reports raw (temperature-1)")
                        .contains("--logprobs-mode processed_logprobs"));
        for (Map.Entry<String, String> e : StubVllmServers.properties().entrySet()) {
            t.overrideConfigKey(e.getKey(), e.getKey().endsWith("draft.logprobs") ? "processed" : e.getValue());
        }
        return t;
    }

    @Test
    void failsStartUp() {
        fail("start-up should have failed");
    }
}
