package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A base server that accepts connections but never answers {@code /v1/models}: start-up logs progress lines while it
 * waits, then fails at the start-up timeout naming the property, as for a server that is not there.
 */
class HangingModelListFailsStartUpTest {

    static final StubServer HANGING = new StubServer().script("/v1/models", FakeVllm.models(LateServers.MODEL)
            .delayed(120_000));

    @RegisterExtension
    static final QuarkusUnitTest app = LateServers.app(HANGING.url(), "3s")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.base.startup-timeout: base model 'tiny/base'")
                    .contains("did not come up within 3 s").contains("did not answer within"))
            .assertLogRecords(records -> assertThat(LateServers.progressLines(records)).hasSizeGreaterThanOrEqualTo(2));

    @AfterAll
    static void stop() {
        HANGING.close();
    }

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
