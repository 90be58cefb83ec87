package io.github.gsi4j.quarkus.runtime.config;

import static io.quarkus.runtime.annotations.ConfigPhase.RUN_TIME;

import java.util.Map;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;

/**
 * Configuration of GSI chat models: the default model and named models
 * ({@code quarkus.langchain4j.gsi.<model-name>.*}).
 */
@ConfigRoot(phase = RUN_TIME)
@ConfigMapping(prefix = "quarkus.langchain4j.gsi")
public interface GsiConfig {

    /**
     * The default GSI model.
     */
    @WithParentName
    GsiModelConfig defaultConfig();

    /**
     * Named GSI models, selected with {@code @ModelName}.
     */
    @ConfigDocSection
    @ConfigDocMapKey("model-name")
    @WithParentName
    @WithDefaults
    Map<String, GsiModelConfig> namedConfig();
}
