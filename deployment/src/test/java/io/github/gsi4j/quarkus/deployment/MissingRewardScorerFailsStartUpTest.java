package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class MissingRewardScorerFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app()
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("has no reward scorer")
                    .contains("io.github.gsi4j.core.RewardScorer")
                    .contains("quarkus.langchain4j.gsi.reward.type"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
