package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiResult;

/**
 * The streaming form of {@link GuidedSpeculativeChatModel}. Decoding runs on its own (virtual) thread;
 * each accepted step is emitted as one {@code onPartialResponse} as soon as it is accepted (GSI decides
 * per step, so steps, not tokens, are the unit of streaming); then {@code onCompleteResponse} carries the
 * same text and metadata the blocking model returns, or {@code onError} is called once. Cancelling
 * through the partial response's {@link StreamingHandle} stops decoding at the next step boundary; no
 * further events follow. Bypassed requests (tools, JSON) arrive as one partial response and the
 * complete response of the bypass model.
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
        this.defaultRequestParameters = GsiChatSupport.gsiParameters(builder.defaultRequestParameters);
        this.executor = builder.executor == null ? VIRTUAL_THREADS : builder.executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        executor.execute(() -> run(request, handler));
    }

    private void run(ChatRequest request, StreamingChatResponseHandler handler) {
        ChatResponse response;
        try {
            Optional<String> unsupported = GsiChatSupport.unsupportedReason(request);
            if (unsupported.isPresent()) {
                response = support.bypass(request, unsupported.get());
                String text = response.aiMessage().text();
                if (text != null && !text.isEmpty()) {
                    handler.onPartialResponse(text);
                }
            } else {
                GsiChatSupport.Prepared prepared = support.prepare(request);
                Handle handle = new Handle(Thread.currentThread());
                PartialResponseContext context = new PartialResponseContext(handle);
                GsiResult result;
                try {
                    result = support.decoder.decode(prepared.request(), (index, text, fromDraft) -> {
                        if (!text.isEmpty() && !handle.isCancelled()) {
                            handler.onPartialResponse(new PartialResponse(text), context);
                        }
                    }, handle::isCancelled);
                } finally {
                    handle.finished();
                }
                if (handle.isCancelled()) {
                    return;
                }
                response = support.toResponse(result, prepared);
            }
        } catch (GsiCancelledException cancelled) {
            return; // the caller cancelled: no further events
        } catch (RuntimeException | Error e) {
            handler.onError(e);
            return;
        }
        handler.onCompleteResponse(response);
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
