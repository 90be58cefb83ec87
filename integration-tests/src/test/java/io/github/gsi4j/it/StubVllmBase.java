package io.github.gsi4j.it;

import java.util.List;
import java.util.Map;

import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose default GSI model uses a vLLM base server: a loopback stub answering in vLLM's
 * format ({@code /v1/models}, {@code /tokenize} with the draft's own tokenizer, scoring and sampling).
 */
public class StubVllmBase implements QuarkusTestProfile {

    static final String MODEL = "tiny/base";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    /** Starts the stub and points {@code quarkus.langchain4j.gsi.base.*} at it. */
    public static class Server implements QuarkusTestResourceLifecycleManager {
        private StubServer server;
        private JlamaModel tokenizer;

        @Override
        public Map<String, String> start() {
            tokenizer = JlamaModel.load(Bigram.answering(DemoModelsConfigSource.QUESTION, DemoModelsConfigSource.ANSWER, 6)
                    .folder());
            server = FakeVllm.serveBase(new StubServer(), MODEL, tokenizer::encode, DemoModelsConfigSource.ANSWER);
            return Map.of("quarkus.langchain4j.gsi.base.type", "vllm", "quarkus.langchain4j.gsi.base.url", server.url(),
                    "quarkus.langchain4j.gsi.base.model", MODEL);
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(server, new TestInjector.MatchesType(StubServer.class));
        }

        @Override
        public void stop() {
            server.close();
            tokenizer.close();
        }
    }
}
