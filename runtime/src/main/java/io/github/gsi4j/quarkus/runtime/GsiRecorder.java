package io.github.gsi4j.quarkus.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.scoring.ScoringModel;
import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.jlama.DraftQuantization;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.jlama.JlamaModelLoader;
import io.github.gsi4j.jlama.ModelDownloader;
import io.github.gsi4j.langchain4j.GsiChatModelBuilder;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.langchain4j.GuidedSpeculativeStreamingChatModel;
import io.github.gsi4j.quarkus.runtime.config.BaseConfig;
import io.github.gsi4j.quarkus.runtime.config.GsiConfig;
import io.github.gsi4j.quarkus.runtime.config.GsiModelConfig;
import io.github.gsi4j.quarkus.runtime.config.ServerConfig;
import io.github.gsi4j.reward.ScoringModelRewardScorer;
import io.github.gsi4j.vllm.JdkHttpTransport;
import io.github.gsi4j.vllm.JsonHttpClient;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.RemoteEndpoint;
import io.github.gsi4j.vllm.SglangBaseModel;
import io.github.gsi4j.vllm.VllmBaseModel;
import io.github.gsi4j.vllm.VllmProcessRewardScorer;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkiverse.langchain4j.runtime.NamedConfigUtil;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * Turns {@code quarkus.langchain4j.gsi.*} configuration into GSI chat models. Errors name the property
 * to fix.
 */
@Recorder
public class GsiRecorder {

    private static final TypeLiteral<Instance<ChatModelListener>> LISTENERS = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Instance<RewardScorer>> REWARD_SCORERS = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Instance<ScoringModel>> SCORING_MODELS = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Instance<ChatModel>> CHAT_MODELS = new TypeLiteral<>() {
    };
    private static final String PREFIX = "quarkus.langchain4j.gsi.";
    private static final Logger LOG = Logger.getLogger(GsiRecorder.class);

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

    /** What a chat model and its streaming twin share. */
    record Components(JlamaDraftModel draft, BaseModel base, RewardScorer reward, GsiOptions options) {
    }

    private <B extends GsiChatModelBuilder<B>> B configure(B builder, String configName,
            SyntheticCreationalContext<?> context) {
        GsiModelConfig c = NamedConfigUtil.isDefault(configName) ? config.getValue().defaultConfig()
                : config.getValue().namedConfig().get(configName);
        String prefix = NamedConfigUtil.isDefault(configName) ? PREFIX : PREFIX + configName + ".";
        GsiModels models = context.getInjectedReference(GsiModels.class);
        Components parts = models.components(configName, name -> components(c, prefix, configName, models, context));
        return builder.draftModel(parts.draft()).baseModel(parts.base()).rewardScorer(parts.reward())
                .bypassModel(bypassModel(c, prefix, configName, context))
                .options(parts.options()).listeners(context.getInjectedReference(LISTENERS).stream().toList())
                .modelName("gsi" + (NamedConfigUtil.isDefault(configName) ? "" : "-" + configName))
                .onUnsupported(c.onUnsupported()).logRequests(c.logRequests().orElse(false))
                .logResponses(c.logResponses().orElse(false));
    }

    private Components components(GsiModelConfig c, String prefix, String configName, GsiModels models,
            SyntheticCreationalContext<?> context) {
        GsiOptions options = options(c, prefix);
        Path cacheDir = c.draft().modelCacheDir().orElse(Path.of(System.getProperty("user.home"), ".jlama", "models"));
        String draftName = c.draft().model().orElseThrow(() -> new ConfigurationException(prefix
                + "draft.model is required: a Jlama model folder or a model name (owner/name)", Set.of(prefix + "draft.model")));
        int replicas = c.draft().replicas();
        if (replicas < 1 || replicas > 64) {
            throw new ConfigurationException(prefix + "draft.replicas must be between 1 and 64, was " + replicas,
                    Set.of(prefix + "draft.replicas"));
        }
        Path draftFolder = folder(draftName, cacheDir, prefix + "draft.model");
        List<JlamaModel> drafts = draftReplicas(models, draftFolder, replicas, c.draft().quantization(), prefix);
        JlamaModel draft = drafts.get(0);
        BaseModel base = base(c, prefix, cacheDir, draft, models, context.getInjectedReference(TlsConfigurationRegistry.class));
        RewardScorer reward = reward(c, prefix, configName, context);
        return new Components(new JlamaDraftModel(drafts, false), base, reward, options);
    }

    private static List<JlamaModel> draftReplicas(GsiModels models, Path folder, int replicas, DraftQuantization q,
            String prefix) {
        try {
            return models.replicas(folder, "draft", replicas, q);
        } catch (IllegalArgumentException e) {
            String property = prefix + (q == DraftQuantization.NONE ? "draft.model" : "draft.quantization");
            throw new ConfigurationException(property + ": " + e.getMessage(), e, Set.of(property));
        }
    }

    /** The chat model named by {@code base.model-name}, if set. */
    private static ChatModel bypassModel(GsiModelConfig c, String prefix, String configName,
            SyntheticCreationalContext<?> context) {
        if (c.base().modelName().isEmpty()) {
            return null;
        }
        String name = c.base().modelName().get();
        String property = prefix + "base.model-name";
        if (name.equals(configName) || (NamedConfigUtil.isDefault(configName) && name.equals("default"))) {
            throw new ConfigurationException(property + " names this GSI model itself; it must name another chat model",
                    Set.of(property));
        }
        Instance<ChatModel> models = context.getInjectedReference(CHAT_MODELS, Any.Literal.INSTANCE)
                .select(ModelName.Literal.of(name));
        if (!models.isResolvable()) {
            throw new ConfigurationException(property + ": no chat model named '" + name
                    + "' is configured (quarkus.langchain4j." + name + ".chat-model.provider)", Set.of(property));
        }
        return models.get();
    }

    private static Path folder(String modelOrFolder, Path cacheDir, String property) {
        try {
            return JlamaModelLoader.resolve(modelOrFolder, cacheDir, ModelDownloader.JLAMA);
        } catch (RuntimeException e) {
            throw new ConfigurationException(property + ": " + e.getMessage(), e, Set.of(property));
        }
    }

    private static BaseModel base(GsiModelConfig c, String prefix, Path cacheDir, JlamaModel draft, GsiModels models,
            TlsConfigurationRegistry tls) {
        BaseConfig b = c.base();
        String probe = "GSI tokenizer probe: 12 + 34 = 46.\n\nStep 2.";
        switch (b.type()) {
            case JLAMA -> {
                String name = b.model().orElseThrow(() -> new ConfigurationException(prefix
                        + "base.model is required when " + prefix + "base.type=jlama", Set.of(prefix + "base.model")));
                JlamaModel base = models.jlama(folder(name, cacheDir, prefix + "base.model"), "base");
                draft.checkSameTokenizer(base, "draft", "base");
                return new JlamaBaseModel(base, false);
            }
            case VLLM -> {
                String model = b.model().orElseThrow(() -> new ConfigurationException(prefix
                        + "base.model is required when " + prefix + "base.type=vllm: the served model name",
                        Set.of(prefix + "base.model")));
                VllmBaseModel vllm = new VllmBaseModel(http(b, b.maxRetries(), prefix + "base.", "vllm", tls), model);
                vllm.verify(draft.folder().toString(), probe, draft.encode(probe));
                return vllm;
            }
            case SGLANG -> {
                return new SglangBaseModel(http(b, b.maxRetries(), prefix + "base.", "sglang", tls));
            }
            default -> throw new IllegalStateException("unknown base type " + b.type());
        }
    }

    /**
     * The HTTP client of a server configured under {@code propertyPrefix} ({@code ...base.} or
     * {@code ...reward.}); the reward client retries as often as the base's ({@code base.max-retries}).
     */
    private static JsonHttpClient http(ServerConfig server, int maxRetries, String propertyPrefix, String type,
            TlsConfigurationRegistry tls) {
        String urlProperty = propertyPrefix + "url";
        String u = server.url().orElseThrow(() -> new ConfigurationException(urlProperty + " is required for type " + type,
                Set.of(urlProperty)));
        RemoteEndpoint endpoint;
        try {
            endpoint = RemoteEndpoint.builder().baseUrl(u).apiKey(server.apiKey().orElse(null))
                    .readTimeout(server.timeout()).maxRetries(maxRetries)
                    .circuitBreakerFailures(server.circuitBreakerFailures())
                    .circuitBreakerCoolDown(server.circuitBreakerCoolDown()).build();
        } catch (IllegalArgumentException e) {
            String property = propertyFor(e.getMessage(), propertyPrefix);
            throw new ConfigurationException(property + ": " + e.getMessage(), e, Set.of(property));
        }
        SSLContext ssl = sslContext(server, propertyPrefix + "tls-configuration-name", tls);
        return new JsonHttpClient(endpoint, new JdkHttpTransport(endpoint.connectTimeout(), ssl));
    }

    /**
     * The TLS context of the registry's configuration named by {@code property}, or of its default configuration
     * when that one is set up; null for the JVM's default.
     */
    static SSLContext sslContext(ServerConfig server, String property, TlsConfigurationRegistry registry) {
        Optional<TlsConfiguration> tls;
        if (server.tlsConfigurationName().isPresent()) {
            String name = server.tlsConfigurationName().get();
            tls = registry.get(name);
            if (tls.isEmpty()) {
                throw new ConfigurationException(property + ": no TLS configuration named '" + name
                        + "' in the Quarkus TLS registry (quarkus.tls." + name + ".*)", Set.of(property));
            }
        } else {
            tls = registry.getDefault().filter(d -> d.getTrustStore() != null || d.getKeyStore() != null || d.isTrustAll());
        }
        if (tls.isEmpty()) {
            return null;
        }
        if (tls.get().isTrustAll()) {
            LOG.warnf("%s: the TLS configuration trusts every certificate; use it only for tests", property);
        }
        try {
            return tls.get().createSSLContext();
        } catch (Exception e) {
            throw new ConfigurationException(property + ": the TLS configuration '" + tls.get().getName()
                    + "' cannot make an SSL context: " + e.getMessage(), e, Set.of(property));
        }
    }

    /** The property behind a {@link RemoteEndpoint} builder option named at the start of {@code message}. */
    static String propertyFor(String message, String propertyPrefix) {
        String m = String.valueOf(message);
        String[][] options = { { "baseUrl", "url" }, { "readTimeout", "timeout" }, { "maxRetries", "max-retries" },
                { "circuitBreakerFailures", "circuit-breaker-failures" },
                { "circuitBreakerCoolDown", "circuit-breaker-cool-down" } };
        for (String[] o : options) {
            if (m.startsWith(o[0])) {
                return propertyPrefix + o[1];
            }
        }
        return propertyPrefix + "url";
    }

    /** The application's bean wins; else the configured type; else a start-up error naming the options. */
    private static RewardScorer reward(GsiModelConfig c, String prefix, String configName,
            SyntheticCreationalContext<?> context) {
        boolean isDefault = NamedConfigUtil.isDefault(configName);
        Instance<RewardScorer> beans = context.getInjectedReference(REWARD_SCORERS, Any.Literal.INSTANCE)
                .select(isDefault ? Default.Literal.INSTANCE : ModelName.Literal.of(configName));
        if (beans.isResolvable()) {
            return beans.get();
        }
        switch (c.reward().type()) {
            case VLLM_PRM -> {
                String model = c.reward().model().orElseThrow(() -> new ConfigurationException(prefix
                        + "reward.model is required when " + prefix + "reward.type=vllm-prm",
                        Set.of(prefix + "reward.model")));
                return new VllmProcessRewardScorer(http(c.reward(), c.base().maxRetries(), prefix + "reward.", "vllm-prm",
                        context.getInjectedReference(TlsConfigurationRegistry.class)), model,
                        PrmPromptRenderer.qwenMathPrm());
            }
            case SCORING_MODEL -> {
                Instance<ScoringModel> scoring = context.getInjectedReference(SCORING_MODELS, Any.Literal.INSTANCE)
                        .select(isDefault ? Default.Literal.INSTANCE : ModelName.Literal.of(configName));
                if (!scoring.isResolvable()) {
                    throw new ConfigurationException(prefix + "reward.type=scoring-model needs a ScoringModel bean"
                            + (isDefault ? "" : " with @ModelName(\"" + configName + "\")"),
                            Set.of(prefix + "reward.type"));
                }
                return new ScoringModelRewardScorer(scoring.get(), c.reward().normalizer());
            }
            default -> throw new ConfigurationException("GSI model " + (isDefault ? "" : "'" + configName + "' ")
                    + "has no reward scorer: declare an @ApplicationScoped bean implementing "
                    + RewardScorer.class.getName() + (isDefault ? "" : " with @ModelName(\"" + configName + "\")")
                    + ", or set " + prefix + "reward.type to vllm-prm or scoring-model",
                    Set.of(prefix + "reward.type"));
        }
    }

    /** The decoding options, each invalid value reported under its property name. */
    static GsiOptions options(GsiModelConfig c, String prefix) {
        GsiOptions.Builder o = GsiOptions.builder();
        set(prefix + "policy", () -> o.policy(c.policy()));
        set(prefix + "n", () -> o.n(c.n()));
        set(prefix + "beta", () -> o.beta(c.beta()));
        set(prefix + "threshold", () -> o.threshold(c.threshold()));
        set(prefix + "rsd-threshold", () -> o.rsdThreshold(c.rsdThreshold()));
        set(prefix + "max-steps", () -> o.maxSteps(c.maxSteps()));
        set(prefix + "max-step-tokens", () -> o.maxStepTokens(c.maxStepTokens()));
        set(prefix + "step-delimiter", () -> o.stepDelimiter(c.stepDelimiter()));
        set(prefix + "draft.temperature", () -> o.draftTemperature(c.draft().temperature()));
        set(prefix + "draft.top-p", () -> o.topP(c.draft().topP()));
        set(prefix + "draft.top-k", () -> o.topK(c.draft().topK()));
        set(prefix + "base.temperature", () -> o.baseTemperature(c.base().temperature()));
        set(prefix + "reward.normalizer", () -> o.rewardNormalizer(c.reward().normalizer()));
        o.baseOnFailure(c.base().onFailure()).rewardOnFailure(c.reward().onFailure());
        c.timeout().ifPresent(t -> set(prefix + "timeout", () -> o.timeout(t)));
        o.mathStop(c.mathStop());
        c.seed().ifPresent(o::seed);
        return o.build();
    }

    private static void set(String property, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(property + ": " + e.getMessage(), e, Set.of(property));
        }
    }
}
