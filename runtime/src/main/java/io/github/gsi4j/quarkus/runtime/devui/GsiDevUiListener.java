package io.github.gsi4j.quarkus.runtime.devui;

import jakarta.inject.Inject;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;

/** Feeds the Dev UI card with every GSI response (dev mode only). */
public class GsiDevUiListener implements ChatModelListener {

    @Inject
    GsiRecentRequests recent;

    @Override
    public void onResponse(ChatModelResponseContext context) {
        if (context.chatResponse().metadata() instanceof GsiChatResponseMetadata meta) {
            recent.add(meta);
        }
    }
}
