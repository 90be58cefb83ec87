package io.github.gsi4j.quarkus.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.gsi4j.core.FailureMode;
import io.github.gsi4j.http.JsonHttpClient;

/**
 * The model servers the application's GSI models talk to (base, reward), for the health checks: each with
 * its client (and so its circuit breaker) and what a step does when it fails.
 */
@ApplicationScoped
public class GsiServers {

    /**
     * One server of one GSI model.
     *
     * @param model the GSI model's configuration name ({@code <default>} or a named model)
     * @param role {@code base} or {@code reward}
     * @param http its client
     * @param onFailure whether the model fails or degrades without it
     */
    public record Server(String model, String role, JsonHttpClient http, FailureMode onFailure) {
    }

    private final List<Server> servers = new CopyOnWriteArrayList<>();

    /** Registers a server (once per configuration and role). */
    void register(Server server) {
        servers.removeIf(s -> s.model().equals(server.model()) && s.role().equals(server.role()));
        servers.add(server);
    }

    /** The servers registered so far. */
    public List<Server> servers() {
        return List.copyOf(servers);
    }
}
