package io.github.gsi4j.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TestCertificate;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose default GSI model uses a vLLM base server: a loopback stub answering in vLLM's
 * format ({@code /v1/models}, {@code /tokenize} with the draft's own tokenizer, scoring and sampling).
 */
public class StubVllmBase implements QuarkusTestProfile {

    static final String MODEL = "tiny/base";
    static final String API_KEY = "sk-it-secret-4242";
    static final String LOG_FILE = "target/stub-vllm-base.log";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    /**
     * The same stub behind HTTPS with a self-signed certificate, trusted through the Quarkus TLS registry:
     * {@code base.tls-configuration-name=gpu} and {@code quarkus.tls.gpu.trust-store.p12.*}.
     */
    public static class Https extends StubVllmBase {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Server.class, Map.of("tls", "true")));
        }
    }

    /** Starts the stub and points {@code quarkus.langchain4j.gsi.base.*} at it. */
    public static class Server implements QuarkusTestResourceLifecycleManager {
        private StubServer server;
        private JlamaModel tokenizer;
        private boolean tls;

        @Override
        public void init(Map<String, String> initArgs) {
            tls = Boolean.parseBoolean(initArgs.get("tls"));
        }

        @Override
        public Map<String, String> start() {
            tokenizer = JlamaModel.load(Bigram.answering(DemoModelsConfigSource.QUESTION, DemoModelsConfigSource.ANSWER, 6)
                    .folder());
            TestCertificate cert = tls ? TestCertificate.create("stub-vllm") : null;
            server = FakeVllm.serveBase(new StubServer(tls ? cert.serverContext() : null), MODEL, tokenizer::encode,
                    DemoModelsConfigSource.ANSWER);
            Map<String, String> config = new HashMap<>(Map.of("quarkus.langchain4j.gsi.base.type", "vllm",
                    "quarkus.langchain4j.gsi.base.url", server.url(), "quarkus.langchain4j.gsi.base.model", MODEL,
                    "quarkus.langchain4j.gsi.base.api-key", API_KEY));
            if (!tls) {
                // everything GSI logs (this run's only), to check that the key never shows
                try {
                    Files.deleteIfExists(Path.of(LOG_FILE));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                // the global switches, as for every quarkus-langchain4j provider: GSI's requests and responses and
                // the base server's HTTP traffic are logged
                config.putAll(Map.of("quarkus.langchain4j.log-requests", "true",
                        "quarkus.langchain4j.log-responses", "true", "quarkus.log.file.enabled", "true",
                        "quarkus.log.file.path", LOG_FILE, "quarkus.log.category.\"io.github.gsi4j\".level", "DEBUG"));
            }
            if (tls) {
                config.put("quarkus.langchain4j.gsi.base.tls-configuration-name", "gpu");
                config.put("quarkus.tls.gpu.trust-store.p12.path", cert.trustStore().toString());
                config.put("quarkus.tls.gpu.trust-store.p12.password", cert.password());
            }
            return config;
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
