package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class UnknownTlsConfigurationFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.base.type", "vllm")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.url", "https://gpu-host:8000")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.model", "Qwen/Qwen2.5-Math-7B-Instruct")
            .overrideConfigKey("quarkus.langchain4j.gsi.base.tls-configuration-name", "gpu")
            .assertException(t -> assertThat(GsiTestApps.messages(t)).contains(
                    "quarkus.langchain4j.gsi.base.tls-configuration-name: no TLS configuration named 'gpu' in the "
                            + "Quarkus TLS registry (quarkus.tls.gpu.*)"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
