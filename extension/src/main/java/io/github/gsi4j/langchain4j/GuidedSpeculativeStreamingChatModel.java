package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.gsi4j.core.GsiCancelledException;

/**
 * The streaming form of {@link GuidedSpeculativeChatModel}. Decoding runs on its own (virtual) thread;
 * each accepted step is emitted as one {@code onPartialResponse} as soon as it is accepted (GSI decides
 * per step, so steps, not tokens, are the unit of streaming); then {@code onCompleteResponse} carries the
 * same text and metadata the blocking model returns, or {@code onError} is called once. Cancelling
 * through the partial response's {@link StreamingHandle} stops decoding at the next step boundary; no
 * further events follow. Bypassed requests (tools, JSON) arrive as one partial response and the
 * complete response of the bypass model. Requests GSI refuses are refused synchronously: {@code chat(...)}
 * throws, as LangChain4j's providers do. Exceptions thrown by the handler's own callbacks are handled as
 * LangChain4j handles them: those of {@code onPartialResponse} and {@code onCompleteResponse} go to
 * {@code onError} (decoding goes on), those of {@code onError} are logged.
 */
public class GuidedSpeculativeStreamingChatModel implements StreamingChatModel {

    private static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("gsi-stream").start(task);

    private final GsiChatSupport support;
    private final List<ChatModelListener> listeners;
    private final ChatRequestParameters defaultRequestParameters;
    private final Executor executor;

    protected GuidedSpeculativeStreamingChatModel(Builder builder) {
        this.support = new GsiChatSupport(builder);
        this.listeners = builder.listeners;
        this.defaultRequestParameters = support.defaultRequestParameters;
        this.executor = builder.executor == null ? VIRTUAL_THREADS : builder.executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the request at once (what GSI refuses is thrown from here, as LangChain4j's providers do), then
     * decodes it on the executor.
     */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        GsiChatSupport.Plan plan = support.plan(request);
        executor.execute(() -> run(request, plan, new StreamingCallbacks(handler)));
    }

    private void run(ChatRequest request, GsiChatSupport.Plan plan, StreamingCallbacks callbacks) {
        Handle handle = new Handle(Thread.currentThread());
        PartialResponseContext context = new PartialResponseContext(handle);
        ChatResponse response;
        try {
            if (plan.bypassed()) {
                response = support.bypass(request, plan.bypassReason());
                callbacks.partial(response.aiMessage().text(), context);
            } else {
                try {
                    response = support.decode(plan.prepared(), (index, text, fromDraft) -> {
                        if (!handle.isCancelled()) {
                            callbacks.partial(text, context);
                        }
                    }, handle::isCancelled);
                } finally {
                    handle.finished();
                }
            }
        } catch (GsiCancelledException e) {
            if (!handle.isCancelled()) {
                callbacks.error(GsiExceptions.toLangChain4j(e)); // interrupted, not cancelled by the caller
            }
            return; // the caller cancelled: no further events
        } catch (RuntimeException | Error e) {
            callbacks.error(e);
            return;
        }
        if (!handle.isCancelled()) {
            callbacks.complete(response);
        }
    }

    /**
     * Cancels decoding: the decode stops at the next step boundary and its in-flight calls (HTTP, retry waits,
     * waiting for the draft model) are interrupted at once.
     */
    private static final class Handle implements StreamingHandle {
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private Thread decoding;

        Handle(Thread decoding) {
            this.decoding = decoding;
        }

        @Override
        public void cancel() {
            cancelled.set(true);
            synchronized (this) {
                if (decoding != null && decoding != Thread.currentThread()) {
                    decoding.interrupt();
                }
            }
        }

        /** Decoding ended: a later cancel interrupts nothing, and an interrupt it caused is cleared. */
        synchronized void finished() {
            if (decoding == Thread.currentThread() && cancelled.get()) {
                Thread.interrupted();
            }
            decoding = null;
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
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

    @Override
    public String toString() {
        return "GuidedSpeculativeStreamingChatModel[" + support.modelName + "]";
    }

    /** Builds a {@link GuidedSpeculativeStreamingChatModel}. */
    public static class Builder extends GsiChatModelBuilder<Builder> {

        public GuidedSpeculativeStreamingChatModel build() {
            return new GuidedSpeculativeStreamingChatModel(this);
        }
    }
}
