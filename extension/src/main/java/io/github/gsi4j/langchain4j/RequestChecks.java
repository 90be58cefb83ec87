package io.github.gsi4j.langchain4j;

import java.util.Locale;
import java.util.Optional;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;

/**
 * What GSI refuses and what it hands to the bypass model, worded the way LangChain4j's providers word their
 * refusals ("... is not supported ...", {@link UnsupportedFeatureException}). Checked before any model work.
 */
final class RequestChecks {

    private static final String BY_GSI = " is not supported by GSI";

    private RequestChecks() {
    }

    /**
     * Refuses what neither GSI nor a bypass model serves: non-text content (images, audio, ...), a
     * {@code modelName} other than this model's own, and frequency or presence penalties.
     *
     * @param modelName this model's name
     * @throws UnsupportedFeatureException naming the parameter or content
     */
    static void checkServable(ChatRequest request, String modelName) {
        for (ChatMessage message : request.messages()) {
            if (message instanceof UserMessage user) {
                for (Content content : user.contents()) {
                    if (content.type() != ContentType.TEXT) {
                        throw new UnsupportedFeatureException(content.type().toString().toLowerCase(Locale.ROOT)
                                + " content" + BY_GSI + ": it decodes text only");
                    }
                }
            }
        }
        checkParameters(request.parameters(), modelName);
    }

    /**
     * Refuses default request parameters GSI could never honour (the same checks as for a request), so that a
     * model is not built with them.
     */
    static void checkDefaults(ChatRequestParameters defaults, String modelName) {
        if (defaults != null) {
            checkParameters(defaults, modelName);
        }
    }

    private static void checkParameters(ChatRequestParameters p, String modelName) {
        if (p.modelName() != null && !p.modelName().equals(modelName)) {
            throw new UnsupportedFeatureException("'modelName' parameter" + BY_GSI + ": this model is '" + modelName
                    + "' and decodes with its own draft, base and reward models; to use '" + p.modelName()
                    + "', choose the GSI model configured under that name (in Quarkus: @ModelName)");
        }
        if (p.frequencyPenalty() != null) {
            throw new UnsupportedFeatureException("'frequencyPenalty' parameter" + BY_GSI);
        }
        if (p.presencePenalty() != null) {
            throw new UnsupportedFeatureException("'presencePenalty' parameter" + BY_GSI);
        }
    }

    /**
     * Why GSI's step-level decoding cannot serve {@code p}, though an ordinary chat completion (the bypass
     * model) can: tools, a required tool choice, or a JSON response format.
     */
    static Optional<String> bypassReason(ChatRequestParameters p) {
        boolean tools = p.toolSpecifications() != null && !p.toolSpecifications().isEmpty();
        if (tools && p.toolChoice() == ToolChoice.REQUIRED) {
            return Optional.of("ToolChoice.REQUIRED" + BY_GSI + "'s step-level decoding");
        }
        if (tools) {
            return Optional.of("tools are not supported by GSI's step-level decoding");
        }
        if (p.responseFormat() != null && p.responseFormat().type() == ResponseFormatType.JSON) {
            return Optional.of("JSON response format" + (p.responseFormat().jsonSchema() == null ? "" : " with a schema")
                    + BY_GSI + "'s step-level decoding");
        }
        return Optional.empty();
    }
}
