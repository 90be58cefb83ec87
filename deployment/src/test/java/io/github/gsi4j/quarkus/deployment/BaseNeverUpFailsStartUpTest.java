package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** A base server that never comes up: start-up fails at the start-up timeout, naming the property. */
class BaseNeverUpFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = LateServers.app("http://127.0.0.1:" + LateServers.freePort(), "2s")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.base.startup-timeout: base model 'tiny/base'")
                    .contains("did not come up within 2 s").contains("could not be reached"))
            .assertLogRecords(records -> assertThat(LateServers.progressLines(records)).isNotEmpty());

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
