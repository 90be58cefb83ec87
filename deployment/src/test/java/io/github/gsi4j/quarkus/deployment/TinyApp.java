package io.github.gsi4j.quarkus.deployment;

import java.util.function.Supplier;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.core.StepTrace;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TinyModels;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A test application whose default chat model is GSI on the tiny fixture models, and the stub servers of tests
 * that start one. No beans of its own (unlike {@link GsiTestApps}, whose nested beans come along when a test adds
 * it to its application): a test whose static initialiser uses it adds {@code TinyApp.class}, since QuarkusUnitTest
 * initialises the test class a second time in the application's class loader.
 */
final class TinyApp {

    private TinyApp() {
    }

    /** An application of {@code classes} with the tiny fixture models as draft and embedded base. */
    static QuarkusUnitTest with(Class<?>... classes) {
        return new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClasses(classes).addClass(TinyApp.class))
                .overrideConfigKey("quarkus.langchain4j.chat-model.provider", "gsi")
                .overrideConfigKey("quarkus.langchain4j.gsi.draft.model", TinyModels.draft().toString())
                .overrideConfigKey("quarkus.langchain4j.gsi.base.model", TinyModels.base().toString())
                .overrideConfigKey("quarkus.log.category.\"com.github.tjake.jlama\".level", "WARN");
    }

    /** The same, decoding little: two candidates, at most two steps of at most four tokens. */
    static QuarkusUnitTest small(Class<?>... classes) {
        return with(classes).overrideConfigKey("quarkus.langchain4j.gsi.n", "2")
                .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "2")
                .overrideConfigKey("quarkus.langchain4j.gsi.max-step-tokens", "4");
    }

    /** Asks "What is 2 + 2?" with the step trace on, and returns GSI's metadata of the answer. */
    static GsiChatResponseMetadata askTraced(ChatModel chatModel) {
        return (GsiChatResponseMetadata) chatModel.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?"))
                .parameters(GsiChatRequestParameters.builder().trace(true).build()).build()).metadata();
    }

    /** The rewards of the candidates a traced step chose from: its drafts', or on a fallback the base samples'. */
    static double[] chosenFrom(StepTrace step) {
        return step.fromDraft() ? step.rewards() : step.baseSampleRewards();
    }

    /**
     * The URL of a stub server started once per test JVM under {@code key}: the test class's second static
     * initialisation (in the application's class loader) must not start a second server, which the configuration
     * made by the first would not point at.
     */
    static String stubOnce(String key, Supplier<StubServer> start) {
        String property = "gsi.test.stub." + key;
        synchronized (TinyApp.class) {
            String url = System.getProperty(property);
            if (url == null) {
                StubServer server = start.get();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                url = server.url();
                System.setProperty(property, url);
            }
            return url;
        }
    }
}
