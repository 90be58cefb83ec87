package io.github.gsi4j.http;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiUnavailableException;
import io.github.gsi4j.vllm.api.ModelsResponse;

/**
 * Waits at start-up for a model server that is not up yet (a GPU pod still loading its weights): probes
 * {@code GET /v1/models} until it answers, logging progress at INFO, and gives up after the start-up timeout.
 * Each probe has its own time limit, so a server that accepts connections but never answers (a hanging
 * {@code /v1/models}) is reported like one that refuses them. A server that answers at all, even 4xx, is up
 * (a 503 or 429 is not: it is still loading or overloaded).
 */
public final class ServerStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ServerStartup.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private ServerStartup() {
    }

    /**
     * Returns once the server answers {@code GET /v1/models}.
     *
     * @param timeout how long to wait in all (zero: one probe)
     * @param setting the setting that holds {@code timeout}, named in log lines and the failure
     * @throws GsiUnavailableException when the server did not answer within {@code timeout}
     */
    public static void awaitUp(JsonHttpClient http, Duration timeout, String setting) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Duration interval = progressInterval(timeout);
        long nextLog = start;
        int probes = 0;
        while (true) {
            long now = System.nanoTime();
            Duration probeTimeout = Duration.ofNanos(Math.max(Duration.ofMillis(100).toNanos(),
                    Math.min(interval.toNanos(), deadline - now)));
            GsiException failure;
            try {
                probes++;
                http.probe("/v1/models", ModelsResponse.class, probeTimeout, false);
                if (probes > 1) {
                    LOG.info("{} at {} is up after {} s", http.endpoint().name(), http.endpoint().baseUrl(),
                            seconds(System.nanoTime() - start));
                }
                return;
            } catch (GsiCancelledException e) {
                throw e;
            } catch (GsiRemoteException e) {
                if (e.isClientError() && e.status() != 429) {
                    return; // it is up and answers; the model check that follows reports what it refused
                }
                failure = e;
            } catch (GsiException e) {
                failure = e;
            }
            now = System.nanoTime();
            if (now >= deadline) {
                throw new GsiUnavailableException(http.url("/v1/models"), -1, null, http.endpoint().name() + " at "
                        + http.endpoint().baseUrl() + " did not come up within " + human(timeout) + " (" + setting
                        + "), " + probes + (probes == 1 ? " probe" : " probes") + " of GET /v1/models; last: "
                        + failure.getMessage(), failure);
            }
            if (now >= nextLog) {
                LOG.info("Waiting for {} at {}: not up after {} s ({}); waiting up to {} ({})", http.endpoint().name(),
                        http.endpoint().baseUrl(), seconds(now - start), failure.getMessage(), human(timeout), setting);
                nextLog = now + interval.toNanos();
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(POLL.toNanos(), deadline - now)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GsiCancelledException("interrupted while waiting for " + http.endpoint().name());
            }
        }
    }

    /** A tenth of the timeout, between 1 s and 10 s: how often progress is logged and how long one probe may take. */
    static Duration progressInterval(Duration timeout) {
        long tenth = timeout.toMillis() / 10;
        return Duration.ofMillis(Math.max(1_000, Math.min(10_000, tenth)));
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }
}
