package io.github.gsi4j.core;

import static io.github.gsi4j.testing.Scripted.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.testing.Scripted;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.vllm.VllmBaseModel;

/** A request's deadline covers the whole decode and interrupts what is in flight. */
class DeadlineTest {

    static final int[] PROMPT = { 1, 2, 3 };
    static final Scripted.Draft DRAFT = new Scripted.Draft(step("d", -1, false));

    @Test
    void aSlowRewardScorerIsInterruptedAtTheDeadline() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        RewardScorer slow = (ctx, c) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new GsiCancelledException("interrupted");
            }
            return new double[c.size()];
        };
        Scripted.Base base = new Scripted.Base((p, c) -> {
            double[] lp = new double[c.size()];
            Arrays.fill(lp, -1);
            return lp;
        }, step("b", -1, true));
        GsiDecoder decoder = GsiDecoder.builder().draftModel(DRAFT).baseModel(base).rewardScorer(slow)
                .options(GsiOptions.builder().n(2).seed(1).timeout(Duration.ofMillis(300)).build()).build();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(GsiRequest.of(PROMPT, "q")))
                .isInstanceOf(GsiTimeoutException.class).hasMessageContaining("PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the reward call was interrupted").isTrue();
    }

    @Test
    void aSlowBaseServerIsCutOffAtTheDeadline() {
        try (StubServer vllm = new StubServer()) {
            vllm.script("/v1/completions", StubServer.Answer.json("{}").delayed(10_000));
            VllmBaseModel base = new VllmBaseModel(new JsonHttpClient(RemoteEndpoint.builder().baseUrl(vllm.url())
                    .readTimeout(Duration.ofSeconds(30)).build()), "m");
            GsiDecoder decoder = GsiDecoder.builder().draftModel(DRAFT).baseModel(base)
                    .rewardScorer((ctx, c) -> new double[c.size()])
                    .options(GsiOptions.builder().n(2).seed(1).timeout(Duration.ofMillis(500)).build()).build();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> decoder.decode(GsiRequest.of(PROMPT, "q"))).isInstanceOf(GsiTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRequestWithinItsDeadlineIsUnchanged() {
        io.github.gsi4j.testing.ToyModel toy = new io.github.gsi4j.testing.ToyModel(1, 1.0);
        GsiOptions options = GsiOptions.builder().n(4).beta(3).seed(9).maxSteps(6).maxStepTokens(4).build();
        GsiDecoder decoder = GsiDecoder.builder().draftModel(toy).baseModel(new io.github.gsi4j.testing.ToyModel(2, 1.0))
                .rewardScorer(new io.github.gsi4j.testing.TableReward(3)).options(options).build();
        int[] prompt = { io.github.gsi4j.testing.ToyModel.DELIM };
        GsiResult plain = decoder.decode(GsiRequest.of(prompt, "q"));
        GsiResult timed = decoder
                .decode(new GsiRequest(prompt, "q", options.toBuilder().timeout(Duration.ofSeconds(30)).build()));
        assertThat(timed.tokens()).isEqualTo(plain.tokens());
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThatThrownBy(() -> GsiOptions.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be a positive duration");
    }
}
