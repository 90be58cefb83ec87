package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** An invalid {@code reward.max-retries} stops start-up naming that property (not the base's). */
class InvalidRewardRetriesFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app()
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.type", "vllm-prm")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.url", "http://127.0.0.1:9")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.model", "Qwen/Qwen2.5-Math-PRM-7B")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.max-retries", "21")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.reward.max-retries: maxRetries must be in [0, 20], was 21"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
