package io.github.gsi4j.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.Bigram;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The demo application with its base model on a vLLM stand-in that computes with the demo's own base model (so its
 * answers are the embedded base's) and injects faults on demand ({@link FaultyVllmBase}). Time is scaled down so
 * that the fault tests stay fast: each base call may take 3 s (the real limit is 5 s plus 50 ms a token), a
 * request 20 s (real default 5 min), the circuit breaker cools down for 2 s (real default 10 s). {@code fail}
 * mode, the default.
 */
public class FaultyVllmProfile implements QuarkusTestProfile {

    static final String MODEL = "tiny/base";
    static final long HANG_MILLIS = 6_000;
    static final long CALL_TIMEOUT_MILLIS = 3_000;
    static final long COOL_DOWN_MILLIS = 2_000;
    static final long DEADLINE_MILLIS = 20_000;

    /** What a base failure does to a step. */
    String onFailure() {
        return "fail";
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class, Map.of("on-failure", onFailure())));
    }

    /** The same with {@code base.on-failure=degrade}. */
    public static class Degrading extends FaultyVllmProfile {
        @Override
        String onFailure() {
            return "degrade";
        }
    }

    /** Starts the stand-in and points {@code quarkus.langchain4j.gsi.base.*} at it. */
    public static class Server implements QuarkusTestResourceLifecycleManager {
        private JlamaModel base;
        private FaultyVllmBase server;
        private String onFailure;

        @Override
        public void init(Map<String, String> initArgs) {
            onFailure = initArgs.get("on-failure");
        }

        @Override
        public Map<String, String> start() {
            base = JlamaModel.load(Bigram.answering(DemoModelsConfigSource.QUESTION, DemoModelsConfigSource.ANSWER, 9)
                    .folder());
            server = new FaultyVllmBase(base, MODEL, HANG_MILLIS);
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.langchain4j.gsi.base.type", "vllm");
            config.put("quarkus.langchain4j.gsi.base.url", server.url());
            config.put("quarkus.langchain4j.gsi.base.model", MODEL);
            config.put("quarkus.langchain4j.gsi.base.timeout", CALL_TIMEOUT_MILLIS + "ms");
            config.put("quarkus.langchain4j.gsi.base.max-retries", "3");
            config.put("quarkus.langchain4j.gsi.base.circuit-breaker-cool-down", COOL_DOWN_MILLIS + "ms");
            config.put("quarkus.langchain4j.gsi.base.on-failure", onFailure);
            config.put("quarkus.langchain4j.gsi.timeout", DEADLINE_MILLIS + "ms");
            return config;
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(server, new TestInjector.MatchesType(FaultyVllmBase.class));
        }

        @Override
        public void stop() {
            server.close();
            base.close();
        }
    }
}
