package io.github.gsi4j.quarkus.runtime;

import static io.github.gsi4j.quarkus.runtime.ConfigErrors.invalid;
import static io.github.gsi4j.quarkus.runtime.ConfigErrors.required;
import static io.github.gsi4j.quarkus.runtime.ConfigErrors.set;

import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

import io.github.gsi4j.core.GsiUnavailableException;
import io.github.gsi4j.http.JdkHttpTransport;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.http.ServerStartup;
import io.github.gsi4j.quarkus.runtime.config.ServerConfig;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * The HTTP clients of the model servers (base, reward): URL, API key, timeout, retries, circuit breaker, TLS and
 * request/response logging from each server's own properties (timeout and logging default to the global
 * {@code quarkus.langchain4j.timeout}, {@code log-requests} and {@code log-responses}, as for every
 * quarkus-langchain4j provider).
 */
final class ServerClients {

    private static final Logger LOG = Logger.getLogger(ServerClients.class);
    /** A server call's timeout when neither the server's nor the global {@code quarkus.langchain4j.timeout} is set. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final TlsConfigurationRegistry tls;

    ServerClients(TlsConfigurationRegistry tls) {
        this.tls = tls;
    }

    /**
     * The client of the server configured under {@code propertyPrefix} (e.g. {@code quarkus.langchain4j.gsi.base.}).
     *
     * @param type the configured type that needs the server, for the message when its URL is missing
     * @param name what the server serves, for messages and logs (e.g. {@code base model 'Qwen/Qwen2.5-Math-7B'})
     */
    JsonHttpClient client(ServerConfig server, String propertyPrefix, String type, String name) {
        String url = required(server.url(), propertyPrefix + "url", "for type " + type);
        RemoteEndpoint.Builder b = RemoteEndpoint.builder().name(name);
        set(propertyPrefix + "url", () -> b.baseUrl(url));
        b.apiKey(server.apiKey().orElse(null));
        set(propertyPrefix + "timeout", () -> b.readTimeout(server.timeout().orElse(DEFAULT_TIMEOUT)));
        set(propertyPrefix + "time-per-token", () -> b.timePerToken(server.timePerToken()));
        set(propertyPrefix + "max-retries", () -> b.maxRetries(server.maxRetries()));
        set(propertyPrefix + "circuit-breaker-failures", () -> b.circuitBreakerFailures(server.circuitBreakerFailures()));
        set(propertyPrefix + "circuit-breaker-cool-down", () -> b.circuitBreakerCoolDown(server.circuitBreakerCoolDown()));
        b.logRequests(server.logRequests().orElse(false)).logResponses(server.logResponses().orElse(false));
        RemoteEndpoint endpoint = b.build();
        SSLContext ssl = sslContext(server, propertyPrefix + "tls-configuration-name");
        return new JsonHttpClient(endpoint, new JdkHttpTransport(endpoint.connectTimeout(), ssl));
    }

    /**
     * Waits for the server to answer {@code GET /v1/models}, for at most its {@code startup-timeout}.
     *
     * @throws io.quarkus.runtime.configuration.ConfigurationException naming {@code startup-timeout} when it did not
     */
    static void awaitUp(JsonHttpClient http, ServerConfig server, String propertyPrefix) {
        String property = propertyPrefix + "startup-timeout";
        if (server.startupTimeout().isNegative()) {
            throw invalid(property, "must not be negative, was " + server.startupTimeout(), null);
        }
        try {
            ServerStartup.awaitUp(http, server.startupTimeout(), property);
        } catch (GsiUnavailableException e) {
            throw invalid(property, e.getMessage(), e);
        }
    }

    /**
     * The TLS context of the registry's configuration named by {@code property}, or of its default configuration
     * when that one is set up; null for the JVM's default.
     */
    SSLContext sslContext(ServerConfig server, String property) {
        Optional<TlsConfiguration> configuration;
        if (server.tlsConfigurationName().isPresent()) {
            String name = server.tlsConfigurationName().get();
            configuration = tls.get(name);
            if (configuration.isEmpty()) {
                throw invalid(property, "no TLS configuration named '" + name + "' in the Quarkus TLS registry (quarkus.tls."
                        + name + ".*)", null);
            }
        } else {
            configuration = tls.getDefault()
                    .filter(d -> d.getTrustStore() != null || d.getKeyStore() != null || d.isTrustAll());
        }
        if (configuration.isEmpty()) {
            return null;
        }
        if (configuration.get().isTrustAll()) {
            LOG.warnf("%s: the TLS configuration trusts every certificate; use it only for tests", property);
        }
        try {
            return configuration.get().createSSLContext();
        } catch (Exception e) {
            throw invalid(property, "the TLS configuration '" + configuration.get().getName()
                    + "' cannot make an SSL context: " + e.getMessage(), e);
        }
    }
}
