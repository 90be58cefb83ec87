package io.github.gsi4j.quarkus.runtime;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Records GSI's own meters for every GSI response, tagged with the model name: {@code gsi.steps}
 * (tag {@code outcome}: draft or fallback), {@code gsi.tokens} (tag {@code kind}: draft,
 * base-scored, base-generated), {@code gsi.acceptance.ratio}, {@code gsi.degraded.steps}, and {@code gsi.phase} timers (tag
 * {@code phase}: draft, reward, base-score, base-generate, other), and {@code gsi.errors} (tag {@code type}: the
 * failure's GSI exception type). Registered by the extension only when
 * the application has Micrometer; bypassed requests are not counted.
 */
public class GsiMetricsListener implements ChatModelListener {

    @Inject
    MeterRegistry registry;

    @Override
    public void onResponse(ChatModelResponseContext context) {
        if (!(context.chatResponse().metadata() instanceof GsiChatResponseMetadata meta) || meta.stats() == null) {
            return;
        }
        GsiStats s = meta.stats();
        Tags model = Tags.of("model", meta.modelName() == null ? "gsi" : meta.modelName());
        registry.counter("gsi.steps", model.and("outcome", "draft")).increment(s.draftSteps());
        registry.counter("gsi.steps", model.and("outcome", "fallback")).increment(s.fallbackSteps());
        registry.counter("gsi.tokens", model.and("kind", "draft")).increment(s.draftTokens());
        registry.counter("gsi.tokens", model.and("kind", "base-scored")).increment(s.baseTokensScored());
        registry.counter("gsi.tokens", model.and("kind", "base-generated")).increment(s.baseTokensGenerated());
        registry.summary("gsi.acceptance.ratio", model).record(s.acceptanceRate());
        registry.counter("gsi.degraded.steps", model).increment(s.degradedSteps());
        phase(model, "draft", s.draftNanos());
        phase(model, "reward", s.rewardNanos());
        phase(model, "base-score", s.baseScoreNanos());
        phase(model, "base-generate", s.baseGenerateNanos());
        phase(model, "other", s.otherNanos());
    }

    /**
     * Counts each failed request as {@code gsi.errors}, tagged with the GSI exception's type found along the cause
     * chain ({@code GsiUnavailableException}, {@code GsiCancelledException}, ...; {@code other} for the rest).
     */
    @Override
    public void onError(ChatModelErrorContext context) {
        String model = context.chatRequest() != null && context.chatRequest().parameters() != null
                && context.chatRequest().parameters().modelName() != null ? context.chatRequest().parameters().modelName()
                        : "gsi";
        registry.counter("gsi.errors", Tags.of("model", model, "type", type(context.error()))).increment();
    }

    private static String type(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof GsiException) {
                return c.getClass().getSimpleName();
            }
        }
        return "other";
    }

    private void phase(Tags model, String phase, long nanos) {
        registry.timer("gsi.phase", model.and("phase", phase)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
