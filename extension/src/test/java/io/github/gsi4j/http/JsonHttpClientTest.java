package io.github.gsi4j.http;

import static io.github.gsi4j.testing.StubServer.Answer.json;
import static io.github.gsi4j.testing.StubServer.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiRemoteTimeoutException;
import io.github.gsi4j.core.GsiUnavailableException;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TestCertificate;
import io.github.gsi4j.vllm.api.ModelsResponse;

class JsonHttpClientTest {

    static final String MODELS = "{\"object\": \"list\", \"data\": [{\"id\": \"m\", \"object\": \"model\"}]}";

    final StubServer server = new StubServer();

    @AfterEach
    void stop() {
        server.close();
    }

    JsonHttpClient client(RemoteEndpoint.Builder b) {
        return new JsonHttpClient(b.baseUrl(server.url()).initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20)).build());
    }

    JsonHttpClient client() {
        return client(RemoteEndpoint.builder().maxRetries(2));
    }

    @Test
    void httpsWorksWithTheTrustStoreGivenAndFailsAtOnceWithoutIt() {
        TestCertificate cert = TestCertificate.create("json-http-client");
        try (StubServer https = new StubServer(cert.serverContext())) {
            https.script("/v1/models", json(MODELS));
            RemoteEndpoint endpoint = RemoteEndpoint.builder().baseUrl(https.url()).maxRetries(2)
                    .initialBackoff(Duration.ofMillis(5)).build();
            assertThat(https.url()).startsWith("https://localhost:");

            JsonHttpClient trusting = new JsonHttpClient(endpoint,
                    new JdkHttpTransport(Duration.ofSeconds(5), cert.clientContext()));
            assertThat(trusting.get("/v1/models", ModelsResponse.class).data()).hasSize(1);

            JsonHttpClient jvmDefaults = new JsonHttpClient(endpoint);
            assertThatThrownBy(() -> jvmDefaults.get("/v1/models", ModelsResponse.class))
                    .isInstanceOf(GsiRemoteException.class)
                    .hasMessageContaining("TLS with " + https.url() + "/v1/models failed")
                    .hasMessageContaining("trust store")
                    .hasMessageNotContaining("retr");
            assertThat(https.requests("/v1/models")).as("the untrusted handshake never reached the server").hasSize(1);
        }
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        server.script("/v1/models", status(500, "oops"), status(503, ""), json(MODELS));
        assertThat(client().get("/v1/models", ModelsResponse.class).data()).hasSize(1);
        assertThat(server.requests("/v1/models")).hasSize(3);
    }

    @Test
    void retriesAreBoundedAndTheLastFailureIsReported() {
        server.script("/v1/models", status(502, "{\"object\":\"error\",\"message\":\"upstream down\",\"code\":502}"));
        assertThatThrownBy(() -> client().get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiRemoteException.class)
                .hasMessageContaining("HTTP 502: upstream down")
                .hasMessageContaining("after 2 retries");
        assertThat(server.requests("/v1/models")).hasSize(3);
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        server.script("/v1/models",
                status(429, "{\"object\":\"error\",\"message\":\"slow down\",\"code\":429}").retryAfter("1"),
                json(MODELS));
        long t0 = System.nanoTime();
        client(RemoteEndpoint.builder().maxRetries(1)).get("/v1/models", ModelsResponse.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(server.requests("/v1/models")).hasSize(2);
    }

    @Test
    void badRequestsAreNotRetried() {
        server.script("/v1/models", status(400, StubServer.resource("vllm/error-400.json")));
        assertThatThrownBy(() -> client().get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiRemoteException.class)
                .hasMessageContaining("HTTP 400: max_tokens must be at least 1, got 0.")
                .hasMessageNotContaining("retr");
        assertThat(server.requests("/v1/models")).hasSize(1);
    }

    @Test
    void aServerThatIsDownFailsAfterRetries() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        JsonHttpClient down = new JsonHttpClient(RemoteEndpoint.builder().baseUrl("http://127.0.0.1:" + freePort)
                .initialBackoff(Duration.ofMillis(5)).maxRetries(1).build());
        assertThatThrownBy(() -> down.get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiRemoteException.class)
                .hasMessageContaining("could not be reached")
                .hasMessageContaining("after 1 retry")
                .satisfies(e -> assertThat(((GsiRemoteException) e).status()).isEqualTo(-1));
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerIsRetried() {
        server.script("/v1/models", StubServer.Answer.dropConnection(), json(MODELS));
        assertThat(client().get("/v1/models", ModelsResponse.class).data()).hasSize(1);
        assertThat(server.requests("/v1/models")).hasSize(2);
    }

    @Test
    void aSlowServerTimesOut() {
        server.script("/v1/models", json(MODELS).delayed(2_000));
        JsonHttpClient impatient = client(RemoteEndpoint.builder().readTimeout(Duration.ofMillis(200)).maxRetries(1));
        assertThatThrownBy(() -> impatient.get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiRemoteException.class)
                .hasMessageContaining("HttpTimeoutException");
        assertThat(server.requests("/v1/models")).hasSize(2);
    }

    @Test
    void malformedJsonIsAnInvalidResponse() {
        server.script("/v1/models", json("{\"data\": [{\"id\": "));
        assertThatThrownBy(() -> client().get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiInvalidResponseException.class)
                .hasMessageContaining(server.url() + "/v1/models");
    }

    @Test
    void theApiKeyGoesInTheHeaderOnlyAndNeverIntoMessages() {
        server.script("/v1/models", status(401, "{\"object\":\"error\",\"message\":\"bad key\",\"code\":401}"));
        RemoteEndpoint endpoint = RemoteEndpoint.builder().baseUrl(server.url()).apiKey("sk-secret-123").build();
        assertThat(endpoint.toString()).doesNotContain("sk-secret-123").contains("apiKey=***");
        assertThatThrownBy(() -> new JsonHttpClient(endpoint).get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiRemoteException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-secret-123").contains("bad key"));
        assertThat(server.requests("/v1/models").get(0).header("Authorization")).isEqualTo("Bearer sk-secret-123");
    }

    @Test
    void endpointsRejectBadUrlsAndSettings() {
        assertThatThrownBy(() -> RemoteEndpoint.builder().baseUrl("ftp://x").build())
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> RemoteEndpoint.builder().baseUrl("http://user:pw@host:8000").build())
                .hasMessageContaining("credentials").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> RemoteEndpoint.builder().baseUrl("http://h").maxRetries(-1).build())
                .hasMessageContaining("maxRetries");
        assertThat(RemoteEndpoint.builder().baseUrl("https://gpu:8000/").build().resolve("/v1/models").toString())
                .isEqualTo("https://gpu:8000/v1/models");
    }

    @Test
    void failuresAreTypedForTheCaller() throws IOException {
        server.script("/v1/models", status(503, "").retryAfter("7"));
        assertThatThrownBy(() -> client(RemoteEndpoint.builder().maxRetries(0).name("base model 'm'"))
                .get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiUnavailableException.class).hasMessageStartingWith("base model 'm': ")
                .satisfies(e -> assertThat(((GsiUnavailableException) e).retryAfter()).contains(Duration.ofSeconds(7)));

        server.script("/v1/models", json(MODELS).delayed(1_000));
        assertThatThrownBy(() -> client(RemoteEndpoint.builder().maxRetries(0).readTimeout(Duration.ofMillis(100)))
                .get("/v1/models", ModelsResponse.class)).isInstanceOf(GsiRemoteTimeoutException.class);

        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        assertThatThrownBy(() -> new JsonHttpClient(RemoteEndpoint.builder().baseUrl("http://127.0.0.1:" + freePort)
                .maxRetries(0).build()).get("/v1/models", ModelsResponse.class))
                .isInstanceOf(GsiUnavailableException.class).hasMessageContaining("could not be reached");

        server.script("/v1/models", status(500, "boom"));
        assertThatThrownBy(() -> client(RemoteEndpoint.builder().maxRetries(0)).get("/v1/models", ModelsResponse.class))
                .isExactlyInstanceOf(GsiRemoteException.class).hasMessageContaining("HTTP 500: boom");
    }

    @Test
    void anAnswerTheCallerFindsImpossibleIsAskedForAgain() {
        server.script("/v1/models", json(MODELS));
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        int size = client().post("/v1/models", Map.of(), ModelsResponse.class, Duration.ofSeconds(5), r -> {
            if (seen.incrementAndGet() < 3) {
                throw new GsiInvalidResponseException("impossible number " + seen.get());
            }
            return r.data().size();
        });
        assertThat(size).isEqualTo(1);
        assertThat(server.requests("/v1/models")).hasSize(3);

        seen.set(-100);
        assertThatThrownBy(() -> client().post("/v1/models", Map.of(), ModelsResponse.class, Duration.ofSeconds(5), r -> {
            throw new GsiInvalidResponseException("still impossible");
        })).isInstanceOf(GsiInvalidResponseException.class).hasMessageContaining("still impossible (after 2 retries)");
        assertThatThrownBy(() -> client().post("/v1/models", Map.of(), ModelsResponse.class, Duration.ofSeconds(5), r -> {
            throw new GsiInvalidResponseException("the server lacks a feature", null, false);
        })).isInstanceOf(GsiInvalidResponseException.class).hasMessage("the server lacks a feature");
        assertThat(server.requests("/v1/models")).hasSize(3 + 3 + 1);
    }

    @Test
    void anInterruptedCallIsACancellation() throws Exception {
        server.script("/v1/models", json(MODELS).delayed(10_000));
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                client().get("/v1/models", ModelsResponse.class);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        while (server.requests("/v1/models").isEmpty()) {
            Thread.sleep(10);
        }
        caller.interrupt();
        assertThat(failure.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(GsiCancelledException.class);
        assertThat(server.requests("/v1/models")).as("not retried").hasSize(1);
    }

    @Test
    void retryAfterAcceptsSecondsAndDatesAndIsCapped() {
        assertThat(JsonHttpClient.retryAfter(Optional.of("3"))).contains(Duration.ofSeconds(3));
        assertThat(JsonHttpClient.retryAfter(Optional.of("100000"))).contains(JsonHttpClient.MAX_RETRY_AFTER);
        assertThat(JsonHttpClient.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).contains(Duration.ZERO);
        assertThat(JsonHttpClient.retryAfter(Optional.of("soon"))).isEmpty();
        assertThat(JsonHttpClient.retryAfter(Optional.empty())).isEmpty();
    }

    @Test
    void backoffGrowsWithJitterUpToTheMaximum() {
        JsonHttpClient c = new JsonHttpClient(RemoteEndpoint.builder().baseUrl("http://h")
                .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(1000)).build());
        for (int i = 0; i < 50; i++) {
            assertThat(c.backoff(0).toMillis()).isBetween(50L, 100L);
            assertThat(c.backoff(2).toMillis()).isBetween(200L, 400L);
            assertThat(c.backoff(10).toMillis()).isBetween(500L, 1000L);
        }
    }
}
