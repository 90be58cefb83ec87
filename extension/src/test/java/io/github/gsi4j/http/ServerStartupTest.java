package io.github.gsi4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.core.GsiUnavailableException;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;

/** Waiting at start-up for a server that is not up yet, and giving up after the start-up timeout. */
class ServerStartupTest {

    static final String SETTING = "quarkus.langchain4j.gsi.base.startup-timeout";

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static JsonHttpClient client(String url) {
        return new JsonHttpClient(RemoteEndpoint.builder().baseUrl(url).name("base model 'm'").build());
    }

    @Test
    void aServerThatComesUpLateIsWaitedFor() throws Exception {
        int port = freePort();
        CompletableFuture<StubServer> late = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new StubServer(null, port, s -> s.handle("/v1/models", r -> FakeVllm.models("m")));
        });
        try {
            ServerStartup.awaitUp(client("http://127.0.0.1:" + port), Duration.ofSeconds(30), SETTING);
            assertThat(late.isDone()).as("it returned once the server was up").isTrue();
        } finally {
            late.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aServerThatNeverComesUpFailsAtTheTimeoutNamingTheSetting() throws Exception {
        int port = freePort();
        assertThatThrownBy(() -> ServerStartup.awaitUp(client("http://127.0.0.1:" + port), Duration.ofMillis(1_500),
                SETTING)).isInstanceOf(GsiUnavailableException.class).hasMessageContaining(SETTING)
                .hasMessageContaining("base model 'm'").hasMessageContaining("did not come up within 1500 ms")
                .hasMessageContaining("could not be reached");
    }

    @Test
    void aHangingModelListFailsTheSameWayAfterSeveralProbes() {
        try (StubServer hanging = new StubServer()) {
            hanging.script("/v1/models", FakeVllm.models("m").delayed(30_000));
            assertThatThrownBy(() -> ServerStartup.awaitUp(client(hanging.url()), Duration.ofMillis(2_500), SETTING))
                    .isInstanceOf(GsiUnavailableException.class).hasMessageContaining(SETTING)
                    .hasMessageContaining("did not answer within");
            assertThat(hanging.requests("/v1/models")).as("each probe has its own time limit").hasSizeGreaterThan(1);
        }
    }

    @Test
    void progressIsLoggedEveryTenthOfTheTimeoutBetweenOneAndTenSeconds() {
        assertThat(ServerStartup.progressInterval(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
        assertThat(ServerStartup.progressInterval(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
        assertThat(ServerStartup.progressInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    }
}
