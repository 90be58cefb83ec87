package io.github.gsi4j.it;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers questions through the AI services and returns the answer with its GSI statistics; a client that goes
 * away before the answer cancels its decoding ({@link CallerGone}).
 */
@Path("/math")
@Produces(MediaType.APPLICATION_JSON)
public class MathResource {

    /**
     * An answer and what GSI did to produce it; {@code degraded} says that some steps went on without an unavailable
     * base or reward model ({@code on-failure=degrade}), {@code degradations} why.
     */
    // tag::answer[]
    public record Answer(String answer, String policy, int steps, int draftSteps, int fallbackSteps,
            double acceptanceRate, long draftTokens, long baseTokensScored, long baseTokensGenerated, long millis,
            boolean degraded, int degradedSteps, List<String> degradations) {

        static Answer of(String text, GsiChatResponseMetadata meta) {
            GsiStats s = meta.stats();
            return new Answer(text, meta.policy().name(), s.steps(), s.draftSteps(), s.fallbackSteps(),
                    s.acceptanceRate(), s.draftTokens(), s.baseTokensScored(), s.baseTokensGenerated(),
                    s.totalTime().toMillis(), meta.degraded(), s.degradedSteps(), s.degradations());
        }
    }
    // end::answer[]

    @Inject
    MathAssistant assistant;

    @Inject
    TutorAssistant tutor;

    @Inject
    GsiMetadataListener metadata;

    @GET
    public Answer answer(@QueryParam("q") String question, @Context RoutingContext http) {
        return CallerGone.cancelsDecoding(http, () -> answer(question));
    }

    /** The AI service's answer (also the command line's). */
    Answer answer(String question) {
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
    public Answer tutor(@QueryParam("q") String question, @Context RoutingContext http) {
        return CallerGone.cancelsDecoding(http, () -> {
            String text = tutor.answer(question);
            return Answer.of(text, metadata.takeLast());
        });
    }
}
