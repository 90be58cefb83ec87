package io.github.gsi4j.quarkus.deployment;

import static io.quarkiverse.langchain4j.deployment.LangChain4jDotNames.CHAT_MODEL;
import static io.quarkiverse.langchain4j.deployment.LangChain4jDotNames.STREAMING_CHAT_MODEL;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.ParameterizedType;
import org.jboss.jandex.Type;
import org.jboss.logging.Logger;

import dev.langchain4j.model.scoring.ScoringModel;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.quarkus.runtime.GsiMetricsListener;
import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.github.gsi4j.quarkus.runtime.GsiRecorder;
import io.github.gsi4j.quarkus.runtime.GsiServers;
import io.github.gsi4j.quarkus.runtime.devui.GsiDevUiListener;
import io.github.gsi4j.quarkus.runtime.devui.GsiJsonRpcService;
import io.github.gsi4j.quarkus.runtime.devui.GsiRecentRequests;
import io.github.gsi4j.quarkus.runtime.health.GsiLivenessCheck;
import io.github.gsi4j.quarkus.runtime.health.GsiReadinessCheck;
import io.quarkiverse.langchain4j.ModelName;
import io.quarkiverse.langchain4j.deployment.DotNames;
import io.quarkiverse.langchain4j.deployment.RequestChatModelBeanBuildItem;
import io.quarkiverse.langchain4j.deployment.items.ChatModelProviderCandidateBuildItem;
import io.quarkiverse.langchain4j.deployment.items.SelectedChatModelProviderBuildItem;
import io.quarkiverse.langchain4j.runtime.NamedConfigUtil;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import io.quarkus.runtime.metrics.MetricsFactory;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * Build steps of the GSI extension: registers chat-model provider {@code gsi} and, for each default
 * or named model that selects it, {@code ChatModel} and {@code StreamingChatModel} beans created at
 * start-up (models are loaded then, not on the first request) unless nothing injects the named model.
 */
class GsiProcessor {

    private static final Logger LOG = Logger.getLogger(GsiProcessor.class);

    static final String FEATURE = "langchain4j-gsi";
    static final String PROVIDER = "gsi";

    private static final DotName REWARD_SCORER = DotName.createSimple(RewardScorer.class);
    private static final DotName SCORING_MODEL = DotName.createSimple(ScoringModel.class);
    private static final AnnotationInstance ANY = AnnotationInstance.builder(Any.class).build();

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    ChatModelProviderCandidateBuildItem providerCandidate() {
        return new ChatModelProviderCandidateBuildItem(PROVIDER);
    }

    @BuildStep
    AdditionalBeanBuildItem beans() {
        return AdditionalBeanBuildItem.builder().addBeanClasses(GsiModels.class, GsiServers.class).setUnremovable()
                .build();
    }

    /** Readiness (the model servers) and liveness (the in-JVM models) checks, when the application has SmallRye Health. */
    @BuildStep
    void health(Capabilities capabilities, BuildProducer<HealthBuildItem> checks) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            checks.produce(new HealthBuildItem(GsiReadinessCheck.class.getName(), true));
            checks.produce(new HealthBuildItem(GsiLivenessCheck.class.getName(), true));
        }
    }

    /** GSI's meters, when the application has Micrometer. */
    @BuildStep
    void metrics(Optional<MetricsCapabilityBuildItem> metrics, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (metrics.isPresent() && metrics.get().metricsSupported(MetricsFactory.MICROMETER)) {
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClass(GsiMetricsListener.class)
                    .setDefaultScope(DotName.createSimple(ApplicationScoped.class)).setUnremovable().build());
        }
    }

    /**
     * The beans of the default model and of each named model that a bean or an AI service uses are created at
     * start-up; a named model that nothing injects (a configuration block copied without its AI service) is
     * created on first lookup, so it neither loads models nor fails start-up for a reward bean it never needs.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void generateBeans(GsiRecorder recorder, List<SelectedChatModelProviderBuildItem> selected,
            List<RequestChatModelBeanBuildItem> requested, BeanDiscoveryFinishedBuildItem discovery,
            BuildProducer<SyntheticBeanBuildItem> beans) {
        Set<String> used = UsedModels.names(requested, discovery);
        for (SelectedChatModelProviderBuildItem item : selected) {
            if (!PROVIDER.equals(item.getProvider())) {
                continue;
            }
            String configName = item.getConfigName();
            boolean atStartUp = NamedConfigUtil.isDefault(configName) || used.contains(configName);
            if (!atStartUp) {
                LOG.infof("GSI model '%s' is configured but no bean or AI service injects it: it is built on first "
                        + "lookup, not at start-up", configName);
            }
            beans.produce(bean(CHAT_MODEL, configName, atStartUp).createWith(recorder.chatModel(configName)).done());
            beans.produce(bean(STREAMING_CHAT_MODEL, configName, atStartUp)
                    .createWith(recorder.streamingChatModel(configName)).done());
        }
    }

    private static SyntheticBeanBuildItem.ExtendedBeanConfigurator bean(DotName type, String configName,
            boolean atStartUp) {
        var b = SyntheticBeanBuildItem.configure(type).setRuntimeInit().defaultBean().scope(ApplicationScoped.class)
                .unremovable();
        if (atStartUp) {
            b.startup();
        }
        b.addInjectionPoint(ClassType.create(DotName.createSimple(GsiModels.class)))
                .addInjectionPoint(ClassType.create(DotName.createSimple(GsiServers.class)))
                .addInjectionPoint(ClassType.create(DotName.createSimple(TlsConfigurationRegistry.class)))
                .addInjectionPoint(instanceOf(DotNames.CHAT_MODEL_LISTENER))
                .addInjectionPoint(instanceOf(REWARD_SCORER), ANY)
                .addInjectionPoint(instanceOf(SCORING_MODEL), ANY)
                .addInjectionPoint(instanceOf(CHAT_MODEL), ANY);
        if (!NamedConfigUtil.isDefault(configName)) {
            b.addQualifier(AnnotationInstance.builder(ModelName.class).add("value", configName).build());
        }
        return b;
    }

    private static Type instanceOf(DotName type) {
        return ParameterizedType.create(DotNames.CDI_INSTANCE, new Type[] { ClassType.create(type) }, null);
    }

    /** Dev UI: a card listing the last requests' GSI statistics. */
    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem devUiCard() {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder().title("Recent GSI requests").icon("font-awesome-solid:forward-fast")
                .componentLink("qwc-gsi-requests.js"));
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem devUiJsonRpc() {
        return new JsonRPCProvidersBuildItem(GsiJsonRpcService.class);
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    AdditionalBeanBuildItem devUiBeans() {
        return AdditionalBeanBuildItem.builder().addBeanClasses(GsiRecentRequests.class, GsiDevUiListener.class)
                .setDefaultScope(DotName.createSimple(ApplicationScoped.class)).setUnremovable().build();
    }

    /** Why a native build is refused. */
    static final String NATIVE_REFUSAL = "quarkus-langchain4j-gsi runs in JVM mode only: its Jlama draft model uses the "
            + "incubating Vector API (jdk.incubator.vector), which GraalVM native images do not support. "
            + "Build a JVM application (remove -Dnative / quarkus.native.enabled).";

    /**
     * Jlama needs the incubating Vector API, which native images do not have: say so instead of failing later. A
     * deployment problem for ArC's validation, which every build consumes, so the step runs in every native build.
     */
    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    ValidationErrorBuildItem refuseNativeBuilds() {
        return new ValidationErrorBuildItem(new IllegalStateException(NATIVE_REFUSAL));
    }
}
