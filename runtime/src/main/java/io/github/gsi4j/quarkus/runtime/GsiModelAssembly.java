package io.github.gsi4j.quarkus.runtime;

import static io.github.gsi4j.quarkus.runtime.ConfigErrors.invalid;
import static io.github.gsi4j.quarkus.runtime.ConfigErrors.required;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.scoring.ScoringModel;
import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.FailureMode;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.core.RewardNormalizer;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.jlama.DraftQuantization;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.jlama.JlamaModelLoader;
import io.github.gsi4j.jlama.ModelDownloader;
import io.github.gsi4j.langchain4j.ChatTemplate;
import io.github.gsi4j.quarkus.runtime.config.BaseConfig;
import io.github.gsi4j.quarkus.runtime.config.DraftConfig;
import io.github.gsi4j.quarkus.runtime.config.GsiModelConfig;
import io.github.gsi4j.quarkus.runtime.config.ServerConfig;
import io.github.gsi4j.reward.ScoringModelRewardScorer;
import io.github.gsi4j.sglang.SglangBaseModel;
import io.github.gsi4j.tokenizer.TokenizerProbe;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.VllmBaseModel;
import io.github.gsi4j.vllm.VllmClassifyRewardScorer;
import io.github.gsi4j.vllm.VllmProcessRewardScorer;
import io.github.gsi4j.vllm.VllmTokenizer;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkiverse.langchain4j.runtime.NamedConfigUtil;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * Assembles one GSI model configuration's parts: the draft, the base and the reward scorer (from the
 * application's beans or the configured servers), the decoding options, and the bypass chat model.
 */
final class GsiModelAssembly {

    private static final TypeLiteral<Instance<RewardScorer>> REWARD_SCORERS = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Instance<ScoringModel>> SCORING_MODELS = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Instance<ChatModel>> CHAT_MODELS = new TypeLiteral<>() {
    };

    /** What a chat model and its streaming twin share. */
    record Components(DraftModel draft, ChatTemplate template, BaseModel base, RewardScorer reward, GsiOptions options) {
    }

    /** A configured base model, the chat template it can render with, and its context window. */
    private record BaseParts(BaseModel model, ChatTemplate template, VllmTokenizer server, OptionalInt contextLength) {
    }

    private final GsiModelConfig config;
    private final String configName;
    private final String prefix;
    private final SyntheticCreationalContext<?> context;
    private final GsiModels models;
    private final ServerClients servers;
    private final GsiServers registry;

    /**
     * @param prefix the configuration's property prefix ({@code quarkus.langchain4j.gsi.} or
     *        {@code quarkus.langchain4j.gsi.<name>.})
     */
    GsiModelAssembly(GsiModelConfig config, String configName, String prefix, SyntheticCreationalContext<?> context) {
        this.config = config;
        this.configName = configName;
        this.prefix = prefix;
        this.context = context;
        this.models = context.getInjectedReference(GsiModels.class);
        this.servers = new ServerClients(context.getInjectedReference(TlsConfigurationRegistry.class));
        this.registry = context.getInjectedReference(GsiServers.class);
    }

    /** The configuration's components, built once per configuration name. */
    Components components() {
        return models.components(configName, name -> build());
    }

    private Components build() {
        GsiOptions options = GsiOptionsMapping.options(config, prefix);
        Path cacheDir = config.draft().modelCacheDir()
                .orElse(Path.of(System.getProperty("user.home"), ".jlama", "models"));
        DraftParts draft = config.draft().type() == DraftConfig.Type.VLLM
                ? new ServedDraftAssembly(config.draft(), prefix, servers).build(options, TokenizerProbe.TEXT,
                        http -> registry.register(new GsiServers.Server(configName, "draft", http, FailureMode.FAIL)))
                : jlamaDraft(cacheDir);
        BaseParts base = base(cacheDir, draft);
        RewardScorer reward = reward();
        int context = Math.min(draft.contextLength().orElse(Integer.MAX_VALUE), base.contextLength().orElse(Integer.MAX_VALUE));
        if (context < Integer.MAX_VALUE) {
            options = options.toBuilder().contextLength(context).build();
        }
        ChatTemplate template = draft.template() != null ? draft.template()
                : base.template() != null ? base.template()
                        : ChatTemplate.of(base.server() != null ? base.server() : draft.server(), context);
        return new Components(draft.model(), template, base.model(), reward, options);
    }

    private DraftParts jlamaDraft(Path cacheDir) {
        String draftName = required(config.draft().model(), prefix + "draft.model",
                "(a Jlama model folder or a model name, owner/name)");
        int replicas = config.draft().replicas();
        if (replicas < 1 || replicas > 64) {
            throw invalid(prefix + "draft.replicas", "must be between 1 and 64, was " + replicas, null);
        }
        List<JlamaModel> drafts = draftReplicas(folder(draftName, cacheDir, prefix + "draft.model"), replicas);
        JlamaModel first = drafts.get(0);
        return new DraftParts(new JlamaDraftModel(drafts, false), first.folder().toString(),
                TokenizerProbe.ids(first.tokenizer()), first,
                ChatTemplate.of(first), null, OptionalInt.of(first.contextLength()));
    }

    private List<JlamaModel> draftReplicas(Path folder, int replicas) {
        DraftQuantization q = config.draft().quantization();
        try {
            return models.replicas(folder, "draft", replicas, q);
        } catch (IllegalArgumentException e) {
            throw invalid(prefix + (q == DraftQuantization.NONE ? "draft.model" : "draft.quantization"), e.getMessage(), e);
        }
    }

    private static Path folder(String modelOrFolder, Path cacheDir, String property) {
        try {
            return JlamaModelLoader.resolve(modelOrFolder, cacheDir, ModelDownloader.JLAMA);
        } catch (RuntimeException e) {
            throw invalid(property, e.getMessage(), e);
        }
    }

    /** The configured base model, its tokenizer checked against the draft's (whatever the base type). */
    private BaseParts base(Path cacheDir, DraftParts draft) {
        BaseConfig b = config.base();
        String model = prefix + "base.model";
        switch (b.type()) {
            case JLAMA -> {
                String name = required(b.model(), model, "when " + prefix + "base.type=jlama");
                JlamaModel base = models.jlama(folder(name, cacheDir, model), "base");
                if (draft.jlama() != null) {
                    draft.jlama().checkSameTokenizer(base, "draft", "base");
                } else if (!java.util.Arrays.equals(TokenizerProbe.ids(base.tokenizer()), draft.probeIds())) {
                    throw new GsiTokenizerMismatchException("The draft model " + draft.name() + " and the base model "
                            + base.folder() + " do not share a tokenizer. GSI needs a draft from the base model's family.");
                }
                return new BaseParts(new JlamaBaseModel(base, false), ChatTemplate.of(base), null,
                        OptionalInt.of(base.contextLength()));
            }
            case VLLM -> {
                String served = required(b.model(), model, "when " + prefix + "base.type=vllm: the served model name");
                JsonHttpClient http = serverClient(b, "base", b.onFailure(), "vllm", "base model '" + served + "'");
                VllmBaseModel vllm = new VllmBaseModel(http, served,
                        draft.jlama() != null ? draft.jlama().vocabularySize() : 0);
                vllm.verify(draft.name(), TokenizerProbe.TEXT, draft.probeIds());
                VllmTokenizer tokenizer = new VllmTokenizer(http, served);
                return new BaseParts(vllm, null, tokenizer, tokenizer.maxModelLen());
            }
            case SGLANG -> {
                SglangBaseModel sglang = new SglangBaseModel(
                        serverClient(b, "base", b.onFailure(), "sglang", "base model (SGLang)"));
                sglang.verify(draft.name(), TokenizerProbe.TEXT, draft.probeIds());
                return new BaseParts(sglang, null, null, OptionalInt.empty());
            }
            default -> throw new IllegalStateException("unknown base type " + b.type());
        }
    }

    /**
     * The client of the {@code role} server ({@code base} or {@code reward}, configured under
     * {@code <prefix><role>.}), once the server is up, registered for the health checks.
     */
    private JsonHttpClient serverClient(ServerConfig server, String role, FailureMode onFailure, String type,
            String name) {
        JsonHttpClient http = servers.client(server, prefix + role + ".", type, name);
        registry.register(new GsiServers.Server(configName, role, http, onFailure));
        ServerClients.awaitUp(http, server, prefix + role + ".");
        return http;
    }

    /** The application's bean wins; else the configured type; else a start-up error naming the options. */
    private RewardScorer reward() {
        boolean isDefault = NamedConfigUtil.isDefault(configName);
        Instance<RewardScorer> beans = context.getInjectedReference(REWARD_SCORERS, Any.Literal.INSTANCE)
                .select(isDefault ? Default.Literal.INSTANCE : ModelName.Literal.of(configName));
        if (beans.isResolvable()) {
            return beans.get();
        }
        String type = prefix + "reward.type";
        switch (config.reward().type()) {
            case VLLM_PRM -> {
                String model = required(config.reward().model(), prefix + "reward.model", "when " + type + "=vllm-prm");
                JsonHttpClient http = serverClient(config.reward(), "reward", config.reward().onFailure(), "vllm-prm",
                        "reward model '" + model + "'");
                return new VllmProcessRewardScorer(http, model,
                        PrmPromptRenderer.qwenMathPrm().withLayout(config.reward().stepLayout()));
            }
            case VLLM_CLASSIFY -> {
                String model = required(config.reward().model(), prefix + "reward.model",
                        "when " + type + "=vllm-classify");
                int positiveClass = config.reward().positiveClass();
                if (positiveClass < 0) {
                    throw invalid(prefix + "reward.positive-class", "must be 0 or more, was " + positiveClass, null);
                }
                JsonHttpClient http = serverClient(config.reward(), "reward", config.reward().onFailure(),
                        "vllm-classify", "reward model '" + model + "'");
                return new VllmClassifyRewardScorer(http, model, positiveClass);
            }
            case SCORING_MODEL -> {
                Instance<ScoringModel> scoring = context.getInjectedReference(SCORING_MODELS, Any.Literal.INSTANCE)
                        .select(isDefault ? Default.Literal.INSTANCE : ModelName.Literal.of(configName));
                if (!scoring.isResolvable()) {
                    throw invalid(type, "scoring-model needs a ScoringModel bean"
                            + (isDefault ? "" : " with @ModelName(\"" + configName + "\")"), null);
                }
                // raw scores: the decoder applies reward.normalizer (GsiOptionsMapping), once
                return new ScoringModelRewardScorer(scoring.get(), RewardNormalizer.NONE);
            }
            default -> throw invalid(type, "GSI model " + (isDefault ? "" : "'" + configName + "' ")
                    + "has no reward scorer: declare an @ApplicationScoped bean implementing "
                    + RewardScorer.class.getName() + (isDefault ? "" : " with @ModelName(\"" + configName + "\")")
                    + ", or set " + type + " to vllm-prm, vllm-classify or scoring-model", null);
        }
    }

    /** The chat model named by {@code base.model-name}, if set. */
    ChatModel bypassModel() {
        if (config.base().modelName().isEmpty()) {
            return null;
        }
        String name = config.base().modelName().get();
        String property = prefix + "base.model-name";
        if (name.equals(configName) || (NamedConfigUtil.isDefault(configName) && name.equals("default"))) {
            throw invalid(property, "names this GSI model itself; it must name another chat model", null);
        }
        Instance<ChatModel> chatModels = context.getInjectedReference(CHAT_MODELS, Any.Literal.INSTANCE)
                .select(ModelName.Literal.of(name));
        if (!chatModels.isResolvable()) {
            throw invalid(property, "no chat model named '" + name + "' is configured (quarkus.langchain4j." + name
                    + ".chat-model.provider)", null);
        }
        return chatModels.get();
    }
}
