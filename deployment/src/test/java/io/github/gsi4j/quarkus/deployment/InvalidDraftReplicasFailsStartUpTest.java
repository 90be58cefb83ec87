package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidDraftReplicasFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.draft.replicas", "0")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.draft.replicas: must be between 1 and 64, was 0"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
