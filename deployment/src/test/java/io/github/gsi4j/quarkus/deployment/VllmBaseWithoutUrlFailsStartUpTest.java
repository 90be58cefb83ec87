package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class VllmBaseWithoutUrlFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.base.type", "vllm")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.model", "Qwen/Qwen2.5-Math-7B-Instruct")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.base.url: is required for type vllm"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
