package io.github.gsi4j.quarkus.deployment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.vertx.ext.web.Router;

/** The application of {@link DevModeHotReloadTest}: GET /probe answers one question and returns the policy used. */
public final class HotReloadApp {

    private HotReloadApp() {
    }

    @ApplicationScoped
    public static class Probe {

        @Inject
        ChatModel model;

        void routes(@Observes Router router) {
            router.get("/probe").blockingHandler(rc -> {
                GsiChatResponseMetadata meta = (GsiChatResponseMetadata) model
                        .chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?")).build()).metadata();
                rc.response().end(meta.policy().name());
            });
        }
    }
}
