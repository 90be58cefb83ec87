package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.concurrent.Executor;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.jlama.JlamaDraftModel;

/**
 * What {@link GuidedSpeculativeChatModel} and {@link GuidedSpeculativeStreamingChatModel} are built
 * from. Required: draft model, base model, reward scorer, and a chat template (set automatically for a
 * {@link JlamaDraftModel}).
 *
 * @param <B> the concrete builder
 */
public abstract class GsiChatModelBuilder<B extends GsiChatModelBuilder<B>> {

    DraftModel draftModel;
    BaseModel baseModel;
    io.github.gsi4j.core.RewardScorer rewardScorer;
    ChatTemplate chatTemplate;
    GsiOptions options;
    List<ChatModelListener> listeners = List.of();
    ChatRequestParameters defaultRequestParameters;
    Executor executor;
    String modelName;
    OnUnsupported onUnsupported;
    ChatModel bypassModel;
    boolean logRequests;
    boolean logResponses;
    int maxMessages = 1000;
    int maxN = 64;

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The proposal model πS; a {@link JlamaDraftModel} also provides the chat template. */
    public B draftModel(DraftModel draftModel) {
        this.draftModel = draftModel;
        if (chatTemplate == null && draftModel instanceof JlamaDraftModel jlama) {
            this.chatTemplate = ChatTemplate.of(jlama.model());
        }
        return self();
    }

    /** The target model πB (embedded Jlama, vLLM or SGLang). */
    public B baseModel(BaseModel baseModel) {
        this.baseModel = baseModel;
        return self();
    }

    /** The reward model r. */
    public B rewardScorer(RewardScorer rewardScorer) {
        this.rewardScorer = rewardScorer;
        return self();
    }

    /** How messages become prompt tokens; defaults to the Jlama draft's own template. */
    public B chatTemplate(ChatTemplate chatTemplate) {
        this.chatTemplate = chatTemplate;
        return self();
    }

    /** Decoding options (policy, n, β, thresholds, limits); default {@link GsiOptions#defaults()}. */
    public B options(GsiOptions options) {
        this.options = options;
        return self();
    }

    public B listeners(List<ChatModelListener> listeners) {
        this.listeners = listeners == null ? List.of() : List.copyOf(listeners);
        return self();
    }

    /**
     * Parameters applied to every request unless the request sets them itself; plain LangChain4j parameters or
     * {@link GsiChatRequestParameters}. A {@code modelName} other than {@link #modelName(String)}'s and
     * frequency or presence penalties are refused when the model is built.
     */
    public B defaultRequestParameters(ChatRequestParameters defaultRequestParameters) {
        this.defaultRequestParameters = defaultRequestParameters;
        return self();
    }

    /** Runs reward scoring beside base scoring (and streaming decodes); default virtual threads. */
    public B executor(Executor executor) {
        this.executor = executor;
        return self();
    }

    /**
     * The model's name, default {@code gsi}: reported in responses and in the default request parameters (so
     * listeners and OpenTelemetry see it); a request naming another model is refused.
     */
    public B modelName(String modelName) {
        this.modelName = modelName;
        return self();
    }

    /** What to do with tool or JSON-format requests; default {@link OnUnsupported#BYPASS}. */
    public B onUnsupported(OnUnsupported onUnsupported) {
        this.onUnsupported = onUnsupported;
        return self();
    }

    /** The model that serves bypassed requests, normally the base model's ordinary chat endpoint. */
    public B bypassModel(ChatModel bypassModel) {
        this.bypassModel = bypassModel;
        return self();
    }

    /** The most messages a request may have (default 1000); more are refused before any work. */
    public B maxMessages(int maxMessages) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
        }
        this.maxMessages = maxMessages;
        return self();
    }

    /**
     * The most candidates per step a request may ask for (default 64); a request asking for more is refused
     * before any work, and the options' own {@code n} must not exceed it. Bounds the draft model's time per step.
     */
    public B maxN(int maxN) {
        if (maxN < 1 || maxN > io.github.gsi4j.core.GsiOptions.MAX_N) {
            throw new IllegalArgumentException("maxN must be in [1, " + io.github.gsi4j.core.GsiOptions.MAX_N + "], was "
                    + maxN);
        }
        this.maxN = maxN;
        return self();
    }

    /** Logs each request's messages and options at INFO. */
    public B logRequests(boolean logRequests) {
        this.logRequests = logRequests;
        return self();
    }

    /** Logs each response's statistics at INFO (and its text when requests are logged too). */
    public B logResponses(boolean logResponses) {
        this.logResponses = logResponses;
        return self();
    }
}
