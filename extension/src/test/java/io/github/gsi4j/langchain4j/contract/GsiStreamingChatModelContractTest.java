package io.github.gsi4j.langchain4j.contract;

import java.util.List;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.common.AbstractStreamingChatModelIT;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;

/**
 * LangChain4j's contract for every {@link StreamingChatModel} ({@link AbstractStreamingChatModelIT}: the
 * common chat tests through streaming, cancellation, and exceptions thrown by the handler's own callbacks), run
 * against {@code GuidedSpeculativeStreamingChatModel} on the scripted draft/base pair of {@link ScriptedAssistant}, which
 * "knows" the suites' questions so that their content assertions can be met; the engine, the adapter and
 * listeners run for real. The suite's switches say what GSI does not support: tools and tool choice, JSON
 * response formats (with or without schema), images, and choosing another model by {@code modelName}; for each
 * the suite checks that the request is refused with {@code UnsupportedFeatureException}.
 */
class GsiStreamingChatModelContractTest extends AbstractStreamingChatModelIT {

    @Override
    protected List<StreamingChatModel> models() {
        return List.of(ScriptedAssistant.streamingModel(null));
    }

    @Override
    protected StreamingChatModel createModelWith(ChatRequestParameters parameters) {
        return ScriptedAssistant.streamingModel(parameters);
    }

    @Override
    public StreamingChatModel createModelWith(ChatModelListener listener) {
        return ScriptedAssistant.streamingModel(null, listener);
    }

    @Override
    protected ChatRequestParameters createIntegrationSpecificParameters(int maxOutputTokens) {
        return GsiChatRequestParameters.builder().maxOutputTokens(maxOutputTokens).n(3).build();
    }

    @Override
    protected Class<? extends ChatResponseMetadata> chatResponseMetadataType(StreamingChatModel model) {
        return GsiChatResponseMetadata.class;
    }

    @Override
    protected ImageContent catImageContentBase64() {
        return ContractImages.pngBase64();
    }

    @Override
    protected ImageContent diceImageContentBase64() {
        return ContractImages.pngBase64();
    }

    @Override
    protected boolean supportsModelNameParameter() {
        return false;
    }

    @Override
    protected boolean supportsTools() {
        return false;
    }

    @Override
    protected boolean supportsToolChoiceRequired() {
        return false;
    }

    @Override
    protected boolean supportsJsonResponseFormat() {
        return false;
    }

    @Override
    protected boolean supportsJsonResponseFormatWithSchema() {
        return false;
    }

    @Override
    protected boolean supportsJsonResponseFormatWithRawSchema() {
        return false;
    }

    @Override
    protected boolean supportsSingleImageInputAsBase64EncodedString() {
        return false;
    }

    @Override
    protected boolean supportsSingleImageInputAsPublicURL() {
        return false;
    }
}
