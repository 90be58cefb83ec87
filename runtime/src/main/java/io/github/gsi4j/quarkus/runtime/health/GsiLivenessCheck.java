package io.github.gsi4j.quarkus.runtime.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import io.github.gsi4j.http.CircuitBreaker;
import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.github.gsi4j.quarkus.runtime.GsiServers;

/**
 * Liveness of GSI inside the application: down only once its in-JVM models have been closed (the application is
 * shutting down). The state of each server's circuit breaker is reported as
 * data; an open circuit never makes the application not live, because restarting it cannot bring a GPU server
 * back (readiness takes the replica out of the load balancer instead). Registered only when the application has
 * {@code quarkus-smallrye-health}.
 */
@Liveness
@ApplicationScoped
public class GsiLivenessCheck implements HealthCheck {

    @Inject
    GsiModels models;

    @Inject
    GsiServers servers;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("GSI");
        response.status(models.isOpen()).withData("jlama-models", models.loadedModels());
        for (GsiServers.Server s : servers.servers()) {
            response.withData(s.model() + "." + s.role() + ".circuit",
                    s.http().circuitBreaker().map(CircuitBreaker::state).map(Enum::name).orElse("none"));
        }
        return response.build();
    }
}
