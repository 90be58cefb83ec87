package io.github.gsi4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.it.FaultyVllmBase.Fault;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The demo application under faults of its vLLM base, each injected into 10% of the base's answers while 8 callers
 * send requests: no answer differs from the fault-free one without being flagged as degraded, no request outlasts its
 * deadline, every error answer has a problem body with a message, and after an outage the first success comes within
 * the circuit breaker's cool-down plus one request. Prints the fault table (and writes it under {@code target/}).
 */
abstract class FaultsTestBase {

    static final int PER_CALLER = 4;
    static final double RATE = 0.10;

    FaultyVllmBase vllm;

    @TestHTTPResource("/math/chat")
    URI chat;

    abstract boolean degrades();

    /** The faults this profile injects one after the other. */
    abstract List<Fault> faults();

    FaultHarness harness() {
        return new FaultHarness(chat, Duration.ofMillis(FaultyVllmProfile.DEADLINE_MILLIS + 10_000));
    }

    @Test
    void eachFaultAtTenPercentLeavesNoWrongAnswerUnflaggedAndNoRequestPastItsDeadline() throws Exception {
        FaultHarness harness = harness();
        vllm.inject(Fault.NONE, 0, 0);
        harness.run(PER_CALLER); // the stand-in computes its answers once
        List<FaultHarness.Outcome> faultFree = harness.run(PER_CALLER);
        assertThat(faultFree).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        List<FaultHarness.Row> rows = new ArrayList<>();
        rows.add(FaultHarness.row("none", faultFree, faultFree));
        long seed = 1;
        for (Fault fault : faults()) {
            int before = vllm.server().requests("/v1/completions").size();
            vllm.inject(fault, RATE, seed++);
            List<FaultHarness.Outcome> outcomes = harness.run(PER_CALLER);
            vllm.inject(Fault.NONE, 0, 0);
            FaultHarness.Row row = FaultHarness.row(fault.name().toLowerCase().replace('_', '-'), outcomes, faultFree);
            rows.add(row);
            check(fault, row, outcomes);
            if (fault == Fault.CONTEXT_LENGTH_400) {
                var after = vllm.server().requests("/v1/completions");
                assertThat(after.subList(before, after.size()).stream().filter(r -> r.json().has("echo"))
                        .map(r -> r.json().get("max_tokens").asInt()).distinct().toList())
                        .as("a context-length 400 does not switch scoring to max_tokens=1").containsExactly(0);
            }
        }
        FaultHarness.print(degrades() ? "degrade" : "fail", "Faults in 10% of the base's answers, base.on-failure="
                + (degrades() ? "degrade" : "fail") + ", " + FaultHarness.CALLERS + " callers x " + PER_CALLER
                + " requests per mode; injected " + vllm.injected(), rows);
    }

    private void check(Fault fault, FaultHarness.Row row, List<FaultHarness.Outcome> outcomes) {
        String mode = fault.name();
        assertThat(row.wrongUnflagged()).as("%s: answers that differ from the fault-free one without a flag", mode)
                .isZero();
        assertThat(row.timeouts()).as("%s: client timeouts", mode).isZero();
        assertThat(outcomes).as("%s: requests past the deadline", mode).allSatisfy(o -> assertThat(o.millis())
                .isLessThanOrEqualTo(FaultyVllmProfile.DEADLINE_MILLIS + 2_000));
        errorBodies(mode, outcomes);
        if (!degrades()) {
            assertThat(row.degraded()).as("%s: nothing degrades in fail mode", mode).isZero();
        }
        if (fault == Fault.CONTEXT_LENGTH_400) {
            assertThat(row.clientErrors()).as("requests the base refused as too long").isPositive();
            assertThat(outcomes).filteredOn(o -> o.status() == 400).allSatisfy(o -> assertThat(o.detail())
                    .contains("context window").contains("base model 'tiny/base'"));
        } else {
            assertThat(row.ok()).as("%s: retries recover from a fault in 10%% of the answers", mode)
                    .isGreaterThanOrEqualTo(row.sent() * 9 / 10);
        }
    }

    /** Every error answer is a problem body with a message; 503s say when to come back. */
    static void errorBodies(String mode, List<FaultHarness.Outcome> outcomes) {
        assertThat(outcomes).filteredOn(o -> o.status() >= 300).allSatisfy(o -> {
            assertThat(o.contentType()).as("%s: %d body type", mode, o.status()).startsWith("application/problem+json");
            assertThat(o.detail()).as("%s: %d message", mode, o.status()).isNotBlank();
            assertThat(o.body().get("status").asInt()).isEqualTo(o.status());
            if (o.status() == 503) {
                assertThat(o.retryAfter()).as("%s: Retry-After", mode).isNotNull();
            }
        });
    }

    @Test
    void afterAnOutageTheFirstSuccessComesWithinTheCoolDownPlusOneRequest() throws Exception {
        FaultHarness harness = harness();
        vllm.inject(Fault.NONE, 0, 0);
        harness.run(2); // the stand-in computes its answers once
        List<FaultHarness.Outcome> faultFree = harness.run(2);
        assertThat(faultFree).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        long longest = faultFree.stream().mapToLong(FaultHarness.Outcome::millis).max().orElseThrow();

        List<FaultHarness.Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<long[]> readiness = java.util.Collections.synchronizedList(new ArrayList<>()); // {time, status}
        List<Long> liveness = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long outageStart = start + 500_000_000L;
        long outageEnd = outageStart + OUTAGE_MILLIS * 1_000_000;
        long stop = outageEnd + 12_000_000_000L;
        Thread outage = Thread.ofVirtual().start(() -> {
            sleepUntil(outageStart);
            vllm.outage(Fault.DROP_CONNECTION);
            sleepUntil(outageEnd);
            vllm.outage(Fault.NONE);
        });
        Thread probe = Thread.ofVirtual().start(() -> {
            while (System.nanoTime() < stop && !recovered(outcomes, outageEnd)) {
                readiness.add(new long[] { System.nanoTime(), FaultHarness.status(chat.resolve("/q/health/ready")) });
                liveness.add(FaultHarness.status(chat.resolve("/q/health/live")));
                sleepUntil(System.nanoTime() + 200_000_000L);
            }
        });
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < FaultHarness.CALLERS; c++) {
            int caller = c;
            callers.add(Thread.ofVirtual().start(() -> {
                for (int k = 0; System.nanoTime() < stop && !recovered(outcomes, outageEnd); k++) {
                    outcomes.add(harness.ask((caller * 1000 + k) % faultFree.size()));
                }
            }));
        }
        outage.join();
        for (Thread t : callers) {
            t.join(60_000);
        }
        probe.join(10_000);
        List<Long> readyDuringOutage = readiness.stream().filter(r -> r[0] > outageStart + 1_500_000_000L
                && r[0] < outageEnd).map(r -> r[1]).toList();
        assertThat(readyDuringOutage).as("readiness probes during the outage").isNotEmpty();
        if (degrades()) {
            assertThat(readyDuringOutage).as("a base the model degrades without does not make it unready")
                    .containsOnly(200L);
        } else {
            assertThat(readyDuringOutage).as("the application is not ready while its base is down").contains(503L);
        }
        assertThat(FaultHarness.status(chat.resolve("/q/health/ready"))).as("ready again").isEqualTo(200);
        assertThat(liveness).as("an outage of the base never makes the application not live").isNotEmpty()
                .containsOnly(200L);
        List<FaultHarness.Outcome> all = List.copyOf(outcomes);
        long failed = all.stream().filter(o -> o.status() != 200 || o.degraded()).count();
        assertThat(failed).as("the outage was felt").isPositive();
        errorBodies("outage", all);
        assertThat(FaultHarness.row("outage", all, faultFree).wrongUnflagged()).isZero();
        long firstSuccess = all.stream().filter(o -> o.endNanos() > outageEnd && o.status() == 200 && !o.degraded())
                .mapToLong(FaultHarness.Outcome::endNanos).min().orElse(Long.MAX_VALUE);
        long recoveryMillis = (firstSuccess - outageEnd) / 1_000_000;
        long bound = FaultyVllmProfile.COOL_DOWN_MILLIS + longest + FaultyVllmProfile.CALL_TIMEOUT_MILLIS;
        System.out.printf("Outage of %d ms (base.on-failure=%s): %d requests, %d failed or degraded; first success %d ms "
                + "after it ended (bound: cool-down %d ms + one request %d ms + one call limit %d ms)%n", OUTAGE_MILLIS,
                degrades() ? "degrade" : "fail", all.size(), failed, recoveryMillis, FaultyVllmProfile.COOL_DOWN_MILLIS,
                longest, FaultyVllmProfile.CALL_TIMEOUT_MILLIS);
        assertThat(recoveryMillis).isLessThanOrEqualTo(bound);
    }

    static final long OUTAGE_MILLIS = 5_000;

    private static boolean recovered(List<FaultHarness.Outcome> outcomes, long outageEnd) {
        synchronized (outcomes) {
            return outcomes.stream().anyMatch(o -> o.startNanos() > outageEnd && o.status() == 200 && !o.degraded());
        }
    }

    private static void sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
