package io.github.gsi4j.vllm;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.github.gsi4j.core.GsiRemoteException;

/**
 * Fails fast instead of piling timeouts on a dead server: after {@code failureThreshold} consecutive
 * failed requests (each after its retries) the circuit opens and calls fail at once for
 * {@code coolDown}; then one trial call is let through (half-open): its success closes the circuit, its
 * failure opens it again. Answers the server gave on purpose (4xx) are not failures. Thread-safe.
 */
public final class CircuitBreaker {

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int failureThreshold;
    private final long coolDownNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    /**
     * @param failureThreshold consecutive failures that open the circuit, at least 1
     * @param coolDown how long an open circuit fails fast
     * @param nanoClock the time source ({@code System::nanoTime})
     */
    public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("circuit breaker failureThreshold must be at least 1, was "
                    + failureThreshold);
        }
        if (coolDown == null || coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("circuit breaker coolDown must be positive, was " + coolDown);
        }
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Before a call: returns normally if it may go ahead, else throws a fast failure naming {@code endpoint}. */
    public synchronized void beforeCall(String endpoint) {
        if (state == State.OPEN) {
            long waited = nanoClock.getAsLong() - openedAt;
            if (waited < coolDownNanos) {
                throw new GsiRemoteException(endpoint, -1, endpoint + " is failing fast: its circuit opened after "
                        + consecutiveFailures + " consecutive failures; next try in "
                        + Duration.ofNanos(coolDownNanos - waited).toMillis() + " ms", null);
            }
            state = State.HALF_OPEN;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                throw new GsiRemoteException(endpoint, -1, endpoint + " is failing fast: a trial request is testing"
                        + " whether it is back", null);
            }
            trialInFlight = true;
        }
    }

    /** After a call that worked (or that the server refused on purpose). */
    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    /** After a call that failed: unreachable, timed out, 429 or 5xx after its retries. */
    public synchronized void onFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
        }
    }

    /** After a call that ended without a verdict on the server (a failure on the caller's side). */
    public synchronized void abandon() {
        trialInFlight = false;
    }

    synchronized State state() {
        return state;
    }
}
