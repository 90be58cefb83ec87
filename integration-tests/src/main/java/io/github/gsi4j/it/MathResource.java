package io.github.gsi4j.it;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Produces;

import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;

/** Answers questions through the AI services and returns the answer with its GSI statistics. */
@Path("/math")
@Produces(MediaType.APPLICATION_JSON)
public class MathResource {

    /** An answer and what GSI did to produce it. */
    public record Answer(String answer, String policy, int steps, int draftSteps, int fallbackSteps,
            double acceptanceRate, long draftTokens, long baseTokensScored, long baseTokensGenerated, long millis) {

        static Answer of(String text, GsiChatResponseMetadata meta) {
            GsiStats s = meta.stats();
            return new Answer(text, meta.policy().name(), s.steps(), s.draftSteps(), s.fallbackSteps(),
                    s.acceptanceRate(), s.draftTokens(), s.baseTokensScored(), s.baseTokensGenerated(),
                    s.totalTime().toMillis());
        }
    }

    @Inject
    MathAssistant assistant;

    @Inject
    TutorAssistant tutor;

    @Inject
    GsiMetadataListener metadata;

    @GET
    public Answer answer(@QueryParam("q") String question) {
        String text = assistant.answer(question);
        return Answer.of(text, metadata.takeLast());
    }

    @Inject
    RoutedAssistant routed;

    /** One AI service, the GSI model chosen per call ({@code model}: a configured model's name; none: the default). */
    @GET
    @Path("/routed")
    public Answer routed(@QueryParam("q") String question, @QueryParam("model") String model) {
        String text = routed.answer(question, model);
        return Answer.of(text, metadata.takeLast());
    }

    @GET
    @Path("/tutor")
    public Answer tutor(@QueryParam("q") String question) {
        String text = tutor.answer(question);
        return Answer.of(text, metadata.takeLast());
    }
}
