package io.github.gsi4j.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/** Collects a streamed chat response: its partial texts, then its completion or error. */
public final class StreamCollector implements StreamingChatResponseHandler {

    private final List<String> partials = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partial) {
        partials.add(partial);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    /** The partial texts so far. */
    public List<String> partials() {
        return partials;
    }

    /** The complete response, waiting up to {@code seconds}; rethrows the streamed error. */
    public ChatResponse await(int seconds) throws Exception {
        return done.get(seconds, TimeUnit.SECONDS);
    }
}
