package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.GsiInvalidRequestException;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRequest;
import io.github.gsi4j.core.GsiResult;

/**
 * What the blocking and the streaming model share: checks, the mapping of a LangChain4j request onto
 * GSI options and a prompt, the mapping of a result onto a {@link ChatResponse}, and the bypass of
 * requests GSI cannot serve. Immutable.
 */
final class GsiChatSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GsiChatSupport.class);

    final GsiDecoder decoder;
    final ChatTemplate template;
    final String modelName;
    final OnUnsupported onUnsupported;
    final ChatModel bypassModel;
    final boolean logRequests;
    final boolean logResponses;
    final int maxMessages;
    final int maxN;

    GsiChatSupport(GsiChatModelBuilder<?> b) {
        if (b.draftModel == null || b.baseModel == null || b.rewardScorer == null) {
            throw new IllegalArgumentException("draftModel, baseModel and rewardScorer are required");
        }
        if (b.chatTemplate == null) {
            throw new IllegalArgumentException("chatTemplate is required (ChatTemplate.of(jlamaModel) for a Jlama draft)");
        }
        this.decoder = GsiDecoder.builder().draftModel(b.draftModel).baseModel(b.baseModel).rewardScorer(b.rewardScorer)
                .options(b.options == null ? GsiOptions.defaults() : b.options).executor(b.executor).build();
        this.template = b.chatTemplate;
        this.modelName = b.modelName == null ? "gsi" : b.modelName;
        this.onUnsupported = b.onUnsupported == null ? OnUnsupported.BYPASS : b.onUnsupported;
        this.bypassModel = b.bypassModel;
        this.logRequests = b.logRequests;
        this.logResponses = b.logResponses;
        this.maxMessages = b.maxMessages;
        this.maxN = b.maxN;
        if (decoder.defaultOptions().n() > maxN) {
            throw new IllegalArgumentException("n is " + decoder.defaultOptions().n() + ", more than maxN " + maxN
                    + " (the most candidates per step a request may ask for)");
        }
    }

    /** A request ready for the decoder. */
    record Prepared(GsiRequest request, int promptTokens) {
    }

    /**
     * Default parameters as {@link GsiChatRequestParameters}: LangChain4j merges each request over the
     * defaults with the defaults' {@code overrideWith}, and only this subclass keeps the GSI fields.
     */
    static GsiChatRequestParameters gsiParameters(ChatRequestParameters defaults) {
        GsiChatRequestParameters.Builder b = GsiChatRequestParameters.builder();
        return defaults == null ? b.build() : b.overrideWith(defaults).build();
    }

    /** Why GSI cannot serve {@code request}, if it cannot. */
    static Optional<String> unsupportedReason(ChatRequest request) {
        ChatRequestParameters p = request.parameters();
        if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
            return Optional.of("the request has tool specifications");
        }
        if (p.responseFormat() != null && p.responseFormat().type() == ResponseFormatType.JSON) {
            return Optional.of("the request asks for a JSON response format");
        }
        return Optional.empty();
    }

    /**
     * Checks the request and maps it onto a prompt and options, before any model work.
     *
     * @throws GsiInvalidRequestException naming this model when the request cannot be served as sent
     * @throws UnsupportedFeatureException for parameters GSI does not support
     */
    Prepared prepare(ChatRequest request) {
        if (request.messages() == null || request.messages().isEmpty()) {
            throw invalidRequest("messages must not be empty", null);
        }
        if (request.messages().size() > maxMessages) {
            throw invalidRequest("a request may have at most " + maxMessages + " messages, this one has "
                    + request.messages().size(), null);
        }
        ChatRequestParameters p = request.parameters();
        if (p.frequencyPenalty() != null || p.presencePenalty() != null) {
            throw new UnsupportedFeatureException("GSI does not support frequencyPenalty or presencePenalty");
        }
        if (p.maxOutputTokens() != null && p.maxOutputTokens() <= 0) {
            throw invalidRequest("maxOutputTokens must be positive, was " + p.maxOutputTokens(), null);
        }
        GsiOptions options;
        try {
            options = options(p);
        } catch (IllegalArgumentException e) {
            throw invalidRequest(e.getMessage(), e);
        }
        if (options.n() > maxN) {
            throw invalidRequest("n is " + options.n() + ", more than the " + maxN + " candidates per step this model "
                    + "allows (max-n)", null);
        }
        long atLeast = template.tokensAtLeast(request.messages(), template.contextLength());
        if (atLeast + 1 >= template.contextLength()) {
            throw invalidRequest("The prompt has at least " + atLeast + " tokens: the draft model's context window of "
                    + template.contextLength() + " tokens leaves no room for an answer", null);
        }
        int[] prompt;
        try {
            prompt = template.encode(request.messages());
        } catch (IllegalArgumentException e) {
            throw invalidRequest(e.getMessage(), e);
        }
        if (prompt.length + 1 >= template.contextLength()) {
            throw invalidRequest("The prompt has " + prompt.length + " tokens: the draft model's context "
                    + "window of " + template.contextLength() + " tokens leaves no room for an answer", null);
        }
        if (logRequests) {
            LOG.info("GSI request ({} prompt tokens, {}): {}", prompt.length, options, request.messages());
        }
        return new Prepared(new GsiRequest(prompt, question(request.messages()), options), prompt.length);
    }

    private GsiOptions options(ChatRequestParameters p) {
        GsiOptions.Builder o = decoder.defaultOptions().toBuilder();
        if (p.temperature() != null) {
            o.draftTemperature(p.temperature()).baseTemperature(p.temperature());
        }
        if (p.topP() != null) {
            o.topP(p.topP());
        }
        if (p.topK() != null) {
            o.topK(p.topK());
        }
        if (p.maxOutputTokens() != null) {
            o.maxTokens(p.maxOutputTokens());
        }
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            o.stopSequences(p.stopSequences());
        }
        if (p instanceof GsiChatRequestParameters g) {
            if (g.n() != null) {
                o.n(g.n());
            }
            if (g.beta() != null) {
                o.beta(g.beta());
            }
            if (g.policy() != null) {
                o.policy(g.policy());
            }
            if (g.seed() != null) {
                o.seed(g.seed());
            }
            if (g.trace() != null) {
                o.trace(g.trace());
            }
        }
        return o.build();
    }

    /** A refused request, its message naming this model. */
    private GsiInvalidRequestException invalidRequest(String problem, Throwable cause) {
        return new GsiInvalidRequestException("GSI model '" + modelName + "' cannot serve this request: " + problem, cause);
    }

    /** The text of the last user message: what the reward scorer is asked about. */
    static String question(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                StringBuilder sb = new StringBuilder();
                for (Content c : u.contents()) {
                    if (c instanceof TextContent t) {
                        sb.append(sb.isEmpty() ? "" : "\n").append(t.text());
                    }
                }
                return sb.toString();
            }
        }
        return "";
    }

    /** The chat response of a decode. */
    ChatResponse toResponse(GsiResult result, Prepared prepared) {
        FinishReason finish = switch (result.finishReason()) {
            case END_OF_SEQUENCE, STOP_SEQUENCE, MATH_ANSWER -> FinishReason.STOP;
            case MAX_STEPS, MAX_TOKENS -> FinishReason.LENGTH;
        };
        GsiChatResponseMetadata metadata = GsiChatResponseMetadata.builder().id("gsi-" + UUID.randomUUID())
                .modelName(modelName).tokenUsage(new TokenUsage(prepared.promptTokens(), result.tokens().length))
                .finishReason(finish).stats(result.stats()).policy(prepared.request().options().policy())
                .gsiFinishReason(result.finishReason()).trace(result.trace()).build();
        if (result.stats().degraded()) {
            LOG.warn("GSI model '{}' answered degraded: {} of {} steps went on without an unavailable model: {}",
                    modelName, result.stats().degradedSteps(), result.stats().steps(),
                    String.join("; ", result.stats().degradations()));
        }
        if (logResponses) {
            LOG.info("GSI response ({}): {}", metadata, logRequests ? result.text() : "<text logged with log-requests>");
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(result.text())).metadata(metadata).build();
    }

    /** Sends an unsupported request to the bypass model, or refuses it, as configured. */
    ChatResponse bypass(ChatRequest request, String reason) {
        if (onUnsupported == OnUnsupported.FAIL) {
            throw new UnsupportedFeatureException("GSI cannot serve this request: " + reason
                    + " (step-level guidance works on free text; configure on-unsupported=bypass to send such requests"
                    + " to the base model as ordinary chat completions)");
        }
        if (bypassModel == null) {
            throw new UnsupportedFeatureException("GSI cannot serve this request: " + reason
                    + ", and no bypass model is configured to send it to the base model directly");
        }
        LOG.debug("Bypassing GSI: {}", reason);
        ChatResponse response = bypassModel.chat(request);
        ChatResponseMetadata m = response.metadata();
        GsiChatResponseMetadata metadata = GsiChatResponseMetadata.builder().id(m.id()).modelName(m.modelName())
                .tokenUsage(m.tokenUsage()).finishReason(m.finishReason()).bypassed(true).bypassReason(reason).build();
        return response.toBuilder().metadata(metadata).build();
    }
}
