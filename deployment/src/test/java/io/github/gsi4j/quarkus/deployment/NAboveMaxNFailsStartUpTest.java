package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** A configured n above max-n stops start-up, naming both properties. */
class NAboveMaxNFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.n", "32")
            .overrideConfigKey("quarkus.langchain4j.gsi.max-n", "16")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.n: is 32, more than quarkus.langchain4j.gsi.max-n (16)"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
