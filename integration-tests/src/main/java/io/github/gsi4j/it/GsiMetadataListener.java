package io.github.gsi4j.it;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;

/**
 * An ordinary LangChain4j listener bean: the extension hands every {@link ChatModelListener} bean to
 * the GSI models, so this one sees each response and keeps its GSI metadata for the calling thread.
 */
// tag::listener[]
@ApplicationScoped
public class GsiMetadataListener implements ChatModelListener {

    private final ThreadLocal<GsiChatResponseMetadata> last = new ThreadLocal<>();

    @Override
    public void onResponse(ChatModelResponseContext context) {
        if (context.chatResponse().metadata() instanceof GsiChatResponseMetadata gsi) {
            last.set(gsi);
        }
    }

    /** The metadata of the last response on this thread (and forgets it). */
    public GsiChatResponseMetadata takeLast() {
        GsiChatResponseMetadata m = last.get();
        last.remove();
        if (m == null) {
            throw new IllegalStateException("no GSI response was seen on this thread");
        }
        return m;
    }
}
// end::listener[]
