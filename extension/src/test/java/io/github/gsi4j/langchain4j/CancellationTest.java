package io.github.gsi4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.gsi4j.core.FailureMode;
import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.http.HttpTransport;
import io.github.gsi4j.http.JdkHttpTransport;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TextReward;
import io.github.gsi4j.testing.TinyModels;
import io.github.gsi4j.vllm.VllmBaseModel;

/**
 * When the caller has gone, decoding stops at once: a cancelled stream and an interrupted blocking call
 * interrupt the base call in flight (even with {@code on-failure=degrade}, a cancellation is not an outage) and
 * make no further model calls.
 */
class CancellationTest {

    static JlamaModel draft;
    static StubServer vllm;

    @BeforeAll
    static void start() {
        draft = JlamaModel.load(TinyModels.draft());
        vllm = FakeVllm.serveBase(new StubServer(), "base", draft::encode, " The answer is 4.\n\n");
    }

    @AfterAll
    static void stop() {
        vllm.close();
        draft.close();
    }

    /** Passes the first {@code free} calls through; the next one blocks until interrupted, and says so. */
    static final class HangingTransport implements HttpTransport {
        final HttpTransport real = new JdkHttpTransport(Duration.ofSeconds(5));
        final AtomicInteger free;
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch hanging = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        HangingTransport(int free) {
            this.free = new AtomicInteger(free);
        }

        @Override
        public Response send(Request request) throws IOException, InterruptedException {
            calls.incrementAndGet();
            if (free.getAndDecrement() > 0) {
                return real.send(request);
            }
            hanging.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            throw new IOException("not interrupted");
        }
    }

    static <B extends GsiChatModelBuilder<B>> B wire(B builder, HttpTransport transport) {
        VllmBaseModel base = new VllmBaseModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(vllm.url())
                .readTimeout(Duration.ofSeconds(60)).minCallTimeout(Duration.ofSeconds(60)).build(), transport), "base");
        return builder.draftModel(new JlamaDraftModel(draft, false)).baseModel(base).rewardScorer(new TextReward())
                .options(GsiOptions.builder().n(2).maxSteps(8).maxStepTokens(4).seed(5).baseOnFailure(FailureMode.DEGRADE)
                        .build());
    }

    @Test
    void aCancelledStreamInterruptsTheBaseCallInFlight() throws Exception {
        HangingTransport transport = new HangingTransport(1); // the first step's scoring answers, the second hangs
        GuidedSpeculativeStreamingChatModel model = wire(GuidedSpeculativeStreamingChatModel.builder(), transport).build();
        AtomicReference<PartialResponseContext> first = new AtomicReference<>();
        AtomicInteger events = new AtomicInteger();
        model.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?")).build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                        first.compareAndSet(null, context);
                        events.incrementAndGet();
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        events.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable error) {
                        events.incrementAndGet();
                    }
                });
        assertThat(transport.hanging.await(30, TimeUnit.SECONDS)).as("the second step's base call hangs").isTrue();
        assertThat(first.get()).isNotNull();
        int before = events.get();
        first.get().streamingHandle().cancel();

        assertThat(transport.interrupted.await(10, TimeUnit.SECONDS)).as("the hung base call was interrupted").isTrue();
        Thread.sleep(200);
        assertThat(transport.calls.get()).as("no base call after the cancel").isEqualTo(2);
        assertThat(events.get()).as("no event after the cancel").isEqualTo(before);
    }

    @Test
    void anInterruptedBlockingCallStopsDecodingWithACancellationNotADegrade() throws Exception {
        HangingTransport transport = new HangingTransport(0);
        GuidedSpeculativeChatModel model = wire(GuidedSpeculativeChatModel.builder(), transport).build();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                model.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?")).build());
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        assertThat(transport.hanging.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();

        assertThat(transport.interrupted.await(10, TimeUnit.SECONDS)).as("the hung base call was interrupted").isTrue();
        Throwable t = failure.get(10, TimeUnit.SECONDS);
        assertThat(t).as("the call failed as cancelled instead of degrading and decoding on")
                .hasCauseInstanceOf(GsiCancelledException.class);
        assertThat(transport.calls.get()).isEqualTo(1);
        caller.join(5_000);
    }

    @Test
    void aCancelledWaitForTheDraftModelStopsWaiting() throws Exception {
        GsiOptions options = GsiOptions.builder().n(1).maxSteps(1).maxStepTokens(2).seed(1).build();
        List<io.github.gsi4j.core.StepCandidate> warm = new JlamaDraftModel(draft, false).sampleSteps(new int[] { 1 }, 1,
                options.sampling().draft(2), new java.util.SplittableRandom(1));
        assertThat(warm).hasSize(1);
        assertThatThrownBy(() -> {
            Thread.currentThread().interrupt();
            try {
                new JlamaDraftModel(draft, false).sampleSteps(new int[] { 1 }, 1, options.sampling().draft(2),
                        new java.util.SplittableRandom(1));
            } finally {
                Thread.interrupted();
            }
        }).isInstanceOf(GsiCancelledException.class);
    }
}
