package io.github.gsi4j.quarkus.deployment;

import static io.quarkiverse.langchain4j.deployment.LangChain4jDotNames.CHAT_MODEL;
import static io.quarkiverse.langchain4j.deployment.LangChain4jDotNames.STREAMING_CHAT_MODEL;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

import io.quarkiverse.langchain4j.ModelName;
import io.quarkiverse.langchain4j.deployment.DotNames;
import io.quarkiverse.langchain4j.deployment.RequestChatModelBeanBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.processor.InjectionPointInfo;

/**
 * The names of the chat models the application uses: those its AI services ask for
 * ({@code @RegisterAiService(modelName = ...)}) and those its beans inject with {@code @ModelName},
 * as {@code ChatModel}, {@code StreamingChatModel} or an {@code Instance} of either.
 */
final class UsedModels {

    private static final DotName MODEL_NAME = DotName.createSimple(ModelName.class);

    private UsedModels() {
    }

    static Set<String> names(List<RequestChatModelBeanBuildItem> requested, BeanDiscoveryFinishedBuildItem discovery) {
        Set<String> names = new HashSet<>();
        requested.forEach(r -> names.add(r.getConfigName()));
        for (InjectionPointInfo ip : discovery.getInjectionPoints()) {
            if (isChatModel(ip.getRequiredType())) {
                AnnotationInstance name = ip.getRequiredQualifier(MODEL_NAME);
                AnnotationValue value = name == null ? null : name.value();
                if (value != null) {
                    names.add(value.asString());
                }
            }
        }
        return names;
    }

    private static boolean isChatModel(Type type) {
        DotName name = type.name();
        if (name.equals(CHAT_MODEL) || name.equals(STREAMING_CHAT_MODEL)) {
            return true;
        }
        if (name.equals(DotNames.CDI_INSTANCE) && type.kind() == Type.Kind.PARAMETERIZED_TYPE) {
            List<Type> args = type.asParameterizedType().arguments();
            return args.size() == 1 && isChatModel(args.get(0));
        }
        return false;
    }
}
