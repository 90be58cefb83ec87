package io.github.gsi4j.http;

import static io.github.gsi4j.testing.StubServer.Answer.json;
import static io.github.gsi4j.testing.StubServer.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiUnavailableException;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.vllm.api.ModelsResponse;

class CircuitBreakerTest {

    final AtomicLong now = new AtomicLong();
    final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterConsecutiveFailuresFailsFastThenLetsOneTrialThrough() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.beforeCall("http://x");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> breaker.beforeCall("http://x")).isInstanceOf(GsiRemoteException.class)
                .hasMessageContaining("failing fast").hasMessageContaining("3 consecutive failures");

        now.addAndGet(Duration.ofSeconds(11).toNanos());
        breaker.beforeCall("http://x"); // the trial
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThatThrownBy(() -> breaker.beforeCall("http://x")).hasMessageContaining("trial request");
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        now.addAndGet(Duration.ofSeconds(11).toNanos());
        breaker.beforeCall("http://x");
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.beforeCall("http://x");
    }

    @Test
    void failuresOfCallsInFlightWhenTheCircuitOpenedDoNotPostponeTheTrial() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onFailure(); // opens at t = 0
        now.addAndGet(Duration.ofSeconds(8).toNanos());
        breaker.onFailure(); // a call sent before the opening times out now
        breaker.onFailure();
        assertThatThrownBy(() -> breaker.beforeCall("http://x")).isInstanceOf(GsiUnavailableException.class)
                .satisfies(e -> assertThat(((GsiUnavailableException) e).retryAfter()).contains(Duration.ofSeconds(2)));
        now.addAndGet(Duration.ofSeconds(2).toNanos()); // one cool-down after the opening
        breaker.beforeCall("http://x");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void successResetsTheCount() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aDeadServerIsNotCalledOnceTheCircuitIsOpen() {
        try (StubServer server = new StubServer()) {
            server.script("/v1/models", status(503, ""));
            JsonHttpClient http = new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url()).maxRetries(1)
                    .initialBackoff(Duration.ofMillis(1)).circuitBreakerFailures(2)
                    .circuitBreakerCoolDown(Duration.ofMinutes(5))
                    .build());
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> http.get("/v1/models", ModelsResponse.class)).hasMessageContaining("HTTP 503");
            }
            assertThat(server.requests()).hasSize(4); // 2 requests, each retried once
            assertThatThrownBy(() -> http.get("/v1/models", ModelsResponse.class)).hasMessageContaining("failing fast");
            assertThat(server.requests()).hasSize(4);
        }
    }

    @Test
    void requestsTheServerRefusedOnPurposeDoNotOpenTheCircuit() {
        try (StubServer server = new StubServer()) {
            server.script("/v1/models", status(400, "{\"object\":\"error\",\"message\":\"bad\",\"code\":400}"));
            JsonHttpClient http = new JsonHttpClient(RemoteEndpoint.builder().baseUrl(server.url())
                    .circuitBreakerFailures(1).build());
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> http.get("/v1/models", ModelsResponse.class)).hasMessageContaining("HTTP 400");
            }
            assertThat(server.requests()).hasSize(3);
            server.script("/v1/models", json("{\"data\": []}"));
            assertThat(http.get("/v1/models", ModelsResponse.class).data()).isEmpty();
        }
    }
}
