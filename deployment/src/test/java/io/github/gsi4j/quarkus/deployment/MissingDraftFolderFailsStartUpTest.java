package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class MissingDraftFolderFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.draft.model", "/no/such/folder")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.draft.model")
                    .contains("/no/such/folder"));

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
