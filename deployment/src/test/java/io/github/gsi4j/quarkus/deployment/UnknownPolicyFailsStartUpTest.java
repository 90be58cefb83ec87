package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class UnknownPolicyFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.policy", "best-guess")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.policy").contains("best-guess"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
