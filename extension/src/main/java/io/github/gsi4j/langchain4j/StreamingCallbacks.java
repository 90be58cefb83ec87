package io.github.gsi4j.langchain4j;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * Calls the application's streaming handler the way LangChain4j's providers do: an exception thrown by
 * {@code onPartialResponse} or {@code onCompleteResponse} goes to {@code onError} (decoding goes on after a
 * partial response's), and one thrown by {@code onError} is logged and ignored. So the application's code
 * never stops decoding silently, never escapes on the decoding thread, and the stream always ends with
 * {@code onCompleteResponse} or {@code onError}.
 */
final class StreamingCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingCallbacks.class);

    private final StreamingChatResponseHandler handler;

    StreamingCallbacks(StreamingChatResponseHandler handler) {
        this.handler = handler;
    }

    /** One accepted step's text; empty texts are not sent. */
    void partial(String text, PartialResponseContext context) {
        if (text == null || text.isEmpty()) {
            return;
        }
        try {
            handler.onPartialResponse(new PartialResponse(text), context);
        } catch (Exception | Error e) { // errors too: an assertion in a test's handler must not vanish
            error(e);
        }
    }

    void complete(ChatResponse response) {
        try {
            handler.onCompleteResponse(response);
        } catch (Exception | Error e) {
            error(e);
        }
    }

    void error(Throwable error) {
        try {
            handler.onError(error);
        } catch (Exception | Error e) {
            LOG.warn("StreamingChatResponseHandler.onError() threw an exception, which was ignored", e);
        }
    }
}
