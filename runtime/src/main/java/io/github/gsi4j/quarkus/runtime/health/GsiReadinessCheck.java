package io.github.gsi4j.quarkus.runtime.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.github.gsi4j.core.FailureMode;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.http.CircuitBreaker;
import io.github.gsi4j.quarkus.runtime.GsiServers;
import io.github.gsi4j.vllm.api.ModelsResponse;

/**
 * Readiness of the GSI models' servers: each base and reward server must answer {@code GET /v1/models} within
 * {@link #PROBE_TIMEOUT}. The probe goes through the server's circuit breaker: while the circuit is open it fails
 * at once, and once the cool-down has passed it is the trial call that closes the circuit again, so a replica
 * taken out of the load balancer comes back by itself. A server whose model degrades without it
 * ({@code on-failure=degrade}) does not make the application unready: it is reported, with {@code degraded}.
 * Registered only when the application has {@code quarkus-smallrye-health}.
 */
@Readiness
@ApplicationScoped
public class GsiReadinessCheck implements HealthCheck {

    /** How long one server's probe may take (all servers are probed at once). */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

    @Inject
    GsiServers servers;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("GSI model servers").up();
        List<GsiServers.Server> all = servers.servers();
        List<CompletableFuture<String>> probes = new ArrayList<>();
        try (ExecutorService probing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (GsiServers.Server s : all) {
                probes.add(CompletableFuture.supplyAsync(() -> probe(s), probing));
            }
        }
        for (int i = 0; i < all.size(); i++) {
            GsiServers.Server s = all.get(i);
            String problem = probes.get(i).join();
            String key = s.model() + "." + s.role();
            response.withData(key, problem == null ? "up" : problem);
            response.withData(key + ".circuit", s.http().circuitBreaker().map(CircuitBreaker::state)
                    .map(Enum::name).orElse("none"));
            if (problem != null) {
                if (s.onFailure() == FailureMode.DEGRADE) {
                    response.withData(key + ".degraded", true);
                } else {
                    response.down();
                }
            }
        }
        return response.build();
    }

    /** Null when the server answered, else what went wrong. */
    private static String probe(GsiServers.Server s) {
        try {
            s.http().probe("/v1/models", ModelsResponse.class, PROBE_TIMEOUT, true);
            return null;
        } catch (GsiException e) {
            return e.getMessage();
        }
    }
}
