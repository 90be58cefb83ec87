package io.github.gsi4j.it;

import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import io.smallrye.mutiny.Multi;

// tag::ai-service[]
/** An ordinary AI service: it decodes with GSI because the configured chat-model provider is {@code gsi}. */
@RegisterAiService
public interface MathAssistant {

    String answer(@UserMessage String question);

    /** The same answer step by step, as GSI accepts each step; cancelling the subscription stops decoding. */
    Multi<String> answerStreaming(@UserMessage String question);
}
// end::ai-service[]
