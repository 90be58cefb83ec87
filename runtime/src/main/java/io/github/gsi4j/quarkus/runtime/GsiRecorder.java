package io.github.gsi4j.quarkus.runtime;

import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.github.gsi4j.langchain4j.GsiChatModelBuilder;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.langchain4j.GuidedSpeculativeStreamingChatModel;
import io.github.gsi4j.quarkus.runtime.config.GsiConfig;
import io.github.gsi4j.quarkus.runtime.config.GsiModelConfig;
import io.quarkiverse.langchain4j.runtime.NamedConfigUtil;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/**
 * Turns {@code quarkus.langchain4j.gsi.*} configuration into GSI chat models: {@link GsiModelAssembly} builds
 * each configuration's parts (with {@link GsiOptionsMapping} and {@link ServerClients}); this recorder hands
 * them to the chat model builders with the application's listeners. Errors name the property to fix.
 */
@Recorder
public class GsiRecorder {

    private static final TypeLiteral<Instance<ChatModelListener>> LISTENERS = new TypeLiteral<>() {
    };
    private static final String PREFIX = "quarkus.langchain4j.gsi.";

    private final RuntimeValue<GsiConfig> config;

    public GsiRecorder(RuntimeValue<GsiConfig> config) {
        this.config = config;
    }

    public Function<SyntheticCreationalContext<ChatModel>, ChatModel> chatModel(String configName) {
        return context -> configure(GuidedSpeculativeChatModel.builder(), configName, context).build();
    }

    public Function<SyntheticCreationalContext<StreamingChatModel>, StreamingChatModel> streamingChatModel(
            String configName) {
        return context -> configure(GuidedSpeculativeStreamingChatModel.builder(), configName, context).build();
    }

    private <B extends GsiChatModelBuilder<B>> B configure(B builder, String configName,
            SyntheticCreationalContext<?> context) {
        boolean isDefault = NamedConfigUtil.isDefault(configName);
        GsiModelConfig c = isDefault ? config.getValue().defaultConfig() : config.getValue().namedConfig().get(configName);
        GsiModelAssembly assembly = new GsiModelAssembly(c, configName, isDefault ? PREFIX : PREFIX + configName + ".",
                context);
        GsiModelAssembly.Components parts = assembly.components();
        String prefix = isDefault ? PREFIX : PREFIX + configName + ".";
        ConfigErrors.set(prefix + "max-n", () -> builder.maxN(c.maxN()));
        return builder.draftModel(parts.draft()).chatTemplate(parts.template()).baseModel(parts.base())
                .rewardScorer(parts.reward())
                .bypassModel(assembly.bypassModel())
                .options(parts.options()).listeners(context.getInjectedReference(LISTENERS).stream().toList())
                .modelName("gsi" + (isDefault ? "" : "-" + configName))
                .onUnsupported(c.onUnsupported()).logRequests(c.logRequests().orElse(false))
                .logResponses(c.logResponses().orElse(false));
    }
}
