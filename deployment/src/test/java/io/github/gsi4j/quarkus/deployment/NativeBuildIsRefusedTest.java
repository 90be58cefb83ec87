package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * A native build ({@code quarkus.native.enabled=true}) runs the refusal step and fails with its message; no
 * GraalVM is needed: the build fails in ArC's validation, before any native-image step.
 */
class NativeBuildIsRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.native.enabled", "true")
            .assertException(t -> assertThat(GsiTestApps.messages(t)).contains(GsiProcessor.NATIVE_REFUSAL));

    @Test
    void theBuildFails() {
        fail("a native build should have failed");
    }
}
