package io.github.gsi4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.it.FaultyVllmBase.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The fault tests with {@code base.on-failure=fail} (the default): a base failure that outlasts the retries fails the request.
 */
@QuarkusTest
@TestProfile(FaultyVllmProfile.class)
class FaultsTest extends FaultsTestBase {

    @Override
    boolean degrades() {
        return false;
    }

    /** Every fault the stand-in knows. */
    @Override
    List<Fault> faults() {
        return Arrays.stream(Fault.values()).filter(f -> f != Fault.NONE).toList();
    }

    @Inject
    MathAssistant assistant;

    @Test
    void aCancelledStreamStopsItsDecodingAndItsBaseCallInFlight() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        assistant.answerStreaming("Is 7 prime?").subscribe().withSubscriber(new Flow.Subscriber<String>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String step) {
                vllm.outage(Fault.HANG); // the next step's base call hangs
                first.countDown();
            }

            @Override
            public void onError(Throwable t) {
                first.countDown();
            }

            @Override
            public void onComplete() {
                first.countDown();
            }
        });
        try {
            assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
            int atFirstStep = vllm.completions();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (vllm.completions() == atFirstStep && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(vllm.completions()).as("the next step's base call is in flight").isGreaterThan(atFirstStep);
            subscription.get().cancel();
            int calls = vllm.completions();
            Thread.sleep(FaultyVllmProfile.CALL_TIMEOUT_MILLIS + 1_000);
            assertThat(vllm.completions()).as("the hung call was not timed out and retried: decoding stopped")
                    .isEqualTo(calls);
        } finally {
            vllm.outage(Fault.NONE);
        }
    }

    @Test
    void aClientThatGoesAwayCancelsItsDecoding() throws Exception {
        double before = MathResourceTest.meter("gsi_errors_total{model=\"gsi\",type=\"GsiCancelledException\"}");
        vllm.outage(Fault.HANG);
        int completions = vllm.completions();
        try (Socket client = new Socket(chat.getHost(), chat.getPort())) {
            byte[] body = "{\"messages\": [\"What is 2 + 2?\"], \"seed\": 1}".getBytes(StandardCharsets.UTF_8);
            client.getOutputStream().write(("POST /math/chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().write(body);
            client.getOutputStream().flush();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (vllm.completions() == completions && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(vllm.completions()).as("the request reached the base").isGreaterThan(completions);
        } // the client goes away while the base call hangs
        long deadline = System.nanoTime() + 10_000_000_000L;
        double after = before;
        while (after == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = MathResourceTest.meter("gsi_errors_total{model=\"gsi\",type=\"GsiCancelledException\"}");
        }
        int calls = vllm.completions();
        Thread.sleep(FaultyVllmProfile.CALL_TIMEOUT_MILLIS + 500);
        vllm.outage(Fault.NONE);
        assertThat(after - before).as("the request's decoding was cancelled").isEqualTo(1);
        assertThat(vllm.completions()).as("no retry after the cancel").isEqualTo(calls);
    }
}
