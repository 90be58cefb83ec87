package io.github.gsi4j.it;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.github.gsi4j.testing.Bigram;

/**
 * Points the demo's GSI models at tiny Jlama models generated on first use (under {@code target/}):
 * a draft that knows the answer to "What is 2 + 2?" only loosely and a base that knows it well. Its
 * ordinal is low, so any {@code quarkus.langchain4j.gsi.*.model} set elsewhere (application.properties,
 * environment, system properties) wins: this is how the demo runs without downloads or a GPU.
 */
public class DemoModelsConfigSource implements ConfigSource {

    static final String QUESTION = "What is 2 + 2?";
    static final String ANSWER = " The answer is 4.\n\n";

    private volatile Map<String, String> properties;

    private Map<String, String> properties() {
        if (properties == null) {
            synchronized (this) {
                if (properties == null) {
                    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                        throw new IllegalStateException("The demo's Jlama models need the Vector API: start the JVM "
                                + "with --add-modules jdk.incubator.vector (see the README)");
                    }
                    Path draft = Bigram.answering(QUESTION, ANSWER, 6).folder();
                    Path base = Bigram.answering(QUESTION, ANSWER, 9).folder();
                    properties = Map.of(
                            "quarkus.langchain4j.gsi.draft.model", draft.toString(),
                            "quarkus.langchain4j.gsi.base.model", base.toString(),
                            "quarkus.langchain4j.gsi.tutor.draft.model", draft.toString(),
                            "quarkus.langchain4j.gsi.tutor.base.model", base.toString());
                }
            }
        }
        return properties;
    }

    private static final Set<String> NAMES = Set.of("quarkus.langchain4j.gsi.draft.model",
            "quarkus.langchain4j.gsi.base.model", "quarkus.langchain4j.gsi.tutor.draft.model",
            "quarkus.langchain4j.gsi.tutor.base.model");

    /** The keys, without generating anything (the build lists names; models are made when a value is read). */
    @Override
    public Set<String> getPropertyNames() {
        return NAMES;
    }

    @Override
    public String getValue(String name) {
        return NAMES.contains(name) ? properties().get(name) : null;
    }

    @Override
    public String getName() {
        return "gsi-demo-models";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
