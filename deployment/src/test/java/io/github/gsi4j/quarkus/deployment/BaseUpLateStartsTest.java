package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.langchain4j.model.chat.ChatModel;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A base server that comes up 10 s after the application first calls it (a GPU pod still loading; scaled down from
 * the minute or more a real one takes): start-up waits for it with INFO progress lines, then starts and answers
 * through it.
 */
class BaseUpLateStartsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = LateServers.app("http://127.0.0.1:" + LateServers.upLate(10_000), "60s")
            .assertLogRecords(records -> assertThat(LateServers.progressLines(records)).isNotEmpty());

    @Inject
    ChatModel chatModel;

    @Test
    void theApplicationWaitedAndAnswersThroughTheLateServer() {
        assertThat(chatModel.chat("What is 2 + 2?")).isNotNull();
    }
}
