package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class BadEndpointFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.base.type", "vllm")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.url", "ftp://gpu-host")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.model", "Qwen/Qwen2.5-Math-7B-Instruct")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.base.url: baseUrl must be an http or https URL"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
