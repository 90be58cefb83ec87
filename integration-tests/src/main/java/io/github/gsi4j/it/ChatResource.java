package io.github.gsi4j.it;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.vertx.ext.web.RoutingContext;

/**
 * Chat with per-request GSI parameters: {@code {"messages": ["..."], "n": 4, "policy": "gsi", "seed": 1}}. Failures
 * are answered with a problem body ({@link ProblemMapper}): bad input with HTTP 400.
 */
@Path("/math/chat")
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {

    /** The request body: user messages and optional GSI overrides. */
    public record Chat(List<String> messages, Integer n, String policy, Long seed) {
    }

    @Inject
    ChatModel chatModel;

    @Inject
    GsiMetadataListener metadata;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public MathResource.Answer chat(Chat chat, @Context RoutingContext http) {
        return CallerGone.cancelsDecoding(http, () -> answer(chat));
    }

    private MathResource.Answer answer(Chat chat) {
        if (chat == null || chat.messages() == null) {
            throw new IllegalArgumentException("the body must be {\"messages\": [...]}");
        }
        List<ChatMessage> messages = chat.messages().stream().map(m -> (ChatMessage) UserMessage.from(m)).toList();
        GsiChatRequestParameters.Builder p = GsiChatRequestParameters.builder().n(chat.n()).seed(chat.seed());
        if (chat.policy() != null) {
            p.policy(policy(chat.policy()));
        }
        ChatResponse r = chatModel.chat(ChatRequest.builder().messages(messages).parameters(p.build()).build());
        return MathResource.Answer.of(r.aiMessage().text(), metadata.takeLast());
    }

    private static Policy policy(String name) {
        try {
            return Policy.valueOf(name.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown policy '" + name + "'; one of gsi, rsd, soft-bon-draft, "
                    + "soft-bon-base, importance-resampling");
        }
    }
}
