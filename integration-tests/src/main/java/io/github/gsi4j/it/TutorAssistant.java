package io.github.gsi4j.it;

import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/** An AI service on the named model {@code tutor} ({@code quarkus.langchain4j.gsi.tutor.*}). */
@RegisterAiService(modelName = "tutor")
public interface TutorAssistant {

    String answer(@UserMessage String question);
}
