package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.Set;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.StepListener;

/**
 * A LangChain4j {@link ChatModel} that answers with Guided Speculative Inference: a small draft model
 * proposes each reasoning step, a reward model and the base model score the proposals, and the base
 * model generates only when no draft is good enough. The answer approximates soft best-of-n on the base
 * model at a fraction of its cost.
 *
 * <p>
 * Listeners, default request parameters and their merge with each request's parameters behave as for
 * every LangChain4j model; the default parameters carry the model's name, so listeners and OpenTelemetry see
 * it. Temperature, top-p, top-k, max output tokens (budget across all steps) and stop sequences are honoured;
 * {@link GsiChatRequestParameters} overrides n, β, policy, seed and trace per request. Requests with tools or
 * a JSON response format go to the bypass model (flagged in {@link GsiChatResponseMetadata}) or are refused,
 * as configured. A {@code modelName} other than this model's, frequency and presence penalties, and images
 * (any non-text content) are refused with LangChain4j's {@code UnsupportedFeatureException}. GSI's errors
 * reach the caller as LangChain4j exceptions (see {@link GsiExceptions}). The response metadata is a
 * {@link GsiChatResponseMetadata} with the request's statistics.
 */
public class GuidedSpeculativeChatModel implements ChatModel {

    private final GsiChatSupport support;
    private final List<ChatModelListener> listeners;
    private final ChatRequestParameters defaultRequestParameters;

    protected GuidedSpeculativeChatModel(Builder builder) {
        this.support = new GsiChatSupport(builder);
        this.listeners = builder.listeners;
        this.defaultRequestParameters = support.defaultRequestParameters;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The decoder behind this model (for statistics and direct use). */
    public GsiDecoder decoder() {
        return support.decoder;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        GsiChatSupport.Plan plan = support.plan(request);
        if (plan.bypassed()) {
            return support.bypass(request, plan.bypassReason());
        }
        try {
            return support.decode(plan.prepared(), StepListener.NONE, () -> false);
        } catch (GsiCancelledException e) {
            throw GsiExceptions.toLangChain4j(e); // interrupted: a failure of this call
        }
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return defaultRequestParameters;
    }

    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    /** GSI decodes free text; JSON-schema requests are bypassed or refused, so none is advertised. */
    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "GuidedSpeculativeChatModel[" + support.modelName + "]";
    }

    /** Builds a {@link GuidedSpeculativeChatModel}. */
    public static class Builder extends GsiChatModelBuilder<Builder> {

        public GuidedSpeculativeChatModel build() {
            return new GuidedSpeculativeChatModel(this);
        }
    }
}
