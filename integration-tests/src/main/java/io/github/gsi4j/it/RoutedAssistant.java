package io.github.gsi4j.it;

import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkiverse.langchain4j.RegisterAiService;

// tag::routed[]
/**
 * An AI service whose caller picks the GSI model per call: the {@code @ModelName} argument names a configured GSI
 * model ({@code quarkus.langchain4j.gsi.<name>.*}: its own n, β, policy, seed, ...); null means the default model.
 * This is how per-call GSI parameters reach an {@code @RegisterAiService} method with quarkus-langchain4j 1.10.0.
 */
@RegisterAiService
public interface RoutedAssistant {

    String answer(@UserMessage String question, @ModelName String model);
}
// end::routed[]
