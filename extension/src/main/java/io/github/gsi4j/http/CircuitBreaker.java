package io.github.gsi4j.http;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.gsi4j.core.GsiUnavailableException;

/**
 * Fails fast instead of piling timeouts on a dead server: after {@code failureThreshold} consecutive
 * failed requests (each after its retries) the circuit opens and calls fail at once for
 * {@code coolDown}; the first call after the cool-down is let through as a trial (half-open): its success
 * closes the circuit, its failure opens it again. The cool-down counts from the moment the circuit opened:
 * failures of calls that were already in flight then do not extend it, so after an outage the first trial
 * comes at most one cool-down after the circuit opened. Answers the server gave on purpose (4xx) are not
 * failures. Transitions are logged (opening at WARN, half-open and closing at INFO). Thread-safe.
 */
public final class CircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** Where the circuit is. */
    public enum State {
        /** Calls go through. */
        CLOSED,
        /** Calls fail fast until the cool-down has passed. */
        OPEN,
        /** One trial call is testing whether the server is back; others fail fast. */
        HALF_OPEN
    }

    private final String name;
    private final int failureThreshold;
    private final long coolDownNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    /**
     * @param name what the server serves, for logs and messages
     * @param failureThreshold consecutive failures that open the circuit, at least 1
     * @param coolDown how long an open circuit fails fast
     * @param nanoClock the time source ({@code System::nanoTime})
     */
    public CircuitBreaker(String name, int failureThreshold, Duration coolDown, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("circuit breaker failureThreshold must be at least 1, was "
                    + failureThreshold);
        }
        if (coolDown == null || coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("circuit breaker coolDown must be positive, was " + coolDown);
        }
        this.name = name;
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
        this.nanoClock = nanoClock;
    }

    /** A breaker named after the server it guards, for logs and messages. */
    public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoClock) {
        this("server", failureThreshold, coolDown, nanoClock);
    }

    /**
     * Before a call: returns normally if it may go ahead, else throws a fast failure.
     *
     * @param endpoint the URL about to be called, for the exception
     * @throws GsiUnavailableException while the circuit is open (with the remaining cool-down as
     *         {@code retryAfter}) or a trial is in flight
     */
    public synchronized void beforeCall(String endpoint) {
        if (state == State.OPEN) {
            long waited = nanoClock.getAsLong() - openedAt;
            if (waited < coolDownNanos) {
                Duration left = Duration.ofNanos(coolDownNanos - waited);
                throw new GsiUnavailableException(endpoint, -1, left, name + " is failing fast: its circuit opened after "
                        + consecutiveFailures + " consecutive failures; next try in " + left.toMillis() + " ms", null);
            }
            state = State.HALF_OPEN;
            LOG.info("Circuit of {} half-open after {} ms: the next call tests whether it is back", name,
                    waited / 1_000_000);
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                throw new GsiUnavailableException(endpoint, -1, Duration.ofSeconds(1), name
                        + " is failing fast: a trial request is testing whether it is back", null);
            }
            trialInFlight = true;
        }
    }

    /** After a call that worked (or that the server refused on purpose). */
    public synchronized void onSuccess() {
        if (state != State.CLOSED) {
            LOG.info("Circuit of {} closed: it answers again", name);
        }
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    /** After a call that failed: unreachable, timed out, 429 or 5xx after its retries. */
    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.OPEN) {
            return; // a call from before the circuit opened: the cool-down runs from the opening
        }
        if (state == State.HALF_OPEN) {
            if (!trialInFlight) {
                return;
            }
            trialInFlight = false;
            open();
            LOG.warn("Circuit of {} open again: the trial call failed; calls fail fast for {} ms", name,
                    coolDownNanos / 1_000_000);
        } else if (consecutiveFailures >= failureThreshold) {
            open();
            LOG.warn("Circuit of {} open after {} consecutive failed calls; calls fail fast for {} ms", name,
                    consecutiveFailures, coolDownNanos / 1_000_000);
        }
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
    }

    /** After a call that ended without a verdict on the server (a failure on the caller's side). */
    public synchronized void abandon() {
        trialInFlight = false;
    }

    /** Where the circuit is now. */
    public synchronized State state() {
        return state;
    }
}
