package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.gsi4j.testing.FakeSglang;
import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.QuarkusUnitTest;

/** An SGLang base whose tokenizer is not the draft's stops start-up, as for the vLLM and embedded bases. */
class SglangTokenizerMismatchFailsStartUpTest {

    static final String SGLANG = TinyApp.stubOnce("sglang-other-tokenizer",
            () -> FakeSglang.serveBase(new StubServer(), text -> new int[] { 1, 2, 3 }, "x"));

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.base.type", "sglang")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.url", SGLANG)
            .assertException(t -> assertThat(GsiTestApps.messages(t)).contains("do not share a tokenizer")
                    .contains("SGLang base model at " + SGLANG));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
