package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

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
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.gsi4j.core.GsiCancelledException;
import io.github.gsi4j.core.GsiDecoder;
import io.github.gsi4j.core.GsiInvalidRequestException;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.GsiRequest;
import io.github.gsi4j.core.GsiResult;
import io.github.gsi4j.core.StepListener;

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
    final GsiChatRequestParameters defaultRequestParameters;

    GsiChatSupport(GsiChatModelBuilder<?> b) {
        if (b.draftModel == null || b.baseModel == null || b.rewardScorer == null) {
            throw new IllegalArgumentException("draftModel, baseModel and rewardScorer are required");
        }
        if (b.chatTemplate == null) {
            throw new IllegalArgumentException("chatTemplate is required (ChatTemplate.of(jlamaModel) for a Jlama draft, "
                    + "ChatTemplate.of(vllmTokenizer, contextLength) for a vLLM-served one)");
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
        this.defaultRequestParameters = defaults(b.defaultRequestParameters, modelName);
    }

    /** A request ready for the decoder. */
    record Prepared(GsiRequest request, int promptTokens) {
    }

    /**
     * What to do with a request, decided before any model work: decode it with GSI ({@code prepared}) or send
     * it to the bypass model ({@code bypassReason}).
     */
    record Plan(Prepared prepared, String bypassReason) {
        boolean bypassed() {
            return bypassReason != null;
        }
    }

    /**
     * Default parameters as {@link GsiChatRequestParameters} carrying this model's name (what listeners and
     * OpenTelemetry report): LangChain4j merges each request over the defaults with the defaults'
     * {@code overrideWith}, and only this subclass keeps the GSI fields.
     *
     * @throws UnsupportedFeatureException for defaults GSI could never honour (another model name, penalties)
     */
    static GsiChatRequestParameters defaults(ChatRequestParameters defaults, String modelName) {
        RequestChecks.checkDefaults(defaults, modelName);
        GsiChatRequestParameters.Builder b = GsiChatRequestParameters.builder();
        if (defaults != null) {
            b.overrideWith(defaults);
        }
        return b.modelName(modelName).build();
    }

    /**
     * Checks {@code request} and decides what to do with it, before any model work.
     *
     * @throws UnsupportedFeatureException for what GSI cannot serve and no bypass model takes
     * @throws dev.langchain4j.exception.InvalidRequestException naming this model, caused by a
     *         {@link GsiInvalidRequestException}, for a request that cannot be served as sent (no messages, a prompt
     *         too long, more candidates than {@code maxN}, a value out of range)
     */
    Plan plan(ChatRequest request) {
        try {
            if (request.messages() == null || request.messages().isEmpty()) {
                throw invalidRequest("messages must not be empty", null);
            }
            RequestChecks.checkServable(request, modelName);
            Optional<String> bypass = RequestChecks.bypassReason(request.parameters());
            if (bypass.isPresent()) {
                refuseUnlessBypassed(bypass.get());
                return new Plan(null, bypass.get());
            }
            return new Plan(prepare(request), null);
        } catch (GsiInvalidRequestException e) {
            throw GsiExceptions.toLangChain4j(e);
        }
    }

    /** Maps the request onto a prompt and options. */
    private Prepared prepare(ChatRequest request) {
        if (request.messages().size() > maxMessages) {
            throw invalidRequest("a request may have at most " + maxMessages + " messages, this one has "
                    + request.messages().size(), null);
        }
        ChatRequestParameters p = request.parameters();
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
        int window = Math.min(template.contextLength(), options.limits().contextLength());
        long atLeast = template.tokensAtLeast(request.messages(), window);
        if (atLeast + 1 >= window) {
            throw invalidRequest("The prompt has at least " + atLeast + " tokens: the models' context window of "
                    + window + " tokens leaves no room for an answer", null);
        }
        int[] prompt;
        try {
            prompt = template.encode(request.messages());
        } catch (IllegalArgumentException e) {
            throw invalidRequest(e.getMessage(), e);
        }
        if (prompt.length + 1 >= window) {
            throw invalidRequest("The prompt has " + prompt.length + " tokens: the models' context window of " + window
                    + " tokens leaves no room for an answer", null);
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
        if (decoder.defaultOptions().limits().contextLength() == Integer.MAX_VALUE) {
            o.contextLength(template.contextLength()); // each step then fits the context window
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
            case MIN_REWARD -> FinishReason.OTHER;
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

    /** Refuses a request GSI cannot serve unless it is configured to go to a bypass model. */
    private void refuseUnlessBypassed(String reason) {
        if (onUnsupported == OnUnsupported.FAIL) {
            throw new UnsupportedFeatureException("GSI cannot serve this request: " + reason
                    + " (step-level guidance works on free text; configure on-unsupported=bypass to send such requests"
                    + " to the base model as ordinary chat completions)");
        }
        if (bypassModel == null) {
            throw new UnsupportedFeatureException("GSI cannot serve this request: " + reason
                    + ", and no bypass model is configured to send it to the base model directly");
        }
    }

    /** Decodes a planned request; GSI's errors become LangChain4j's (see {@link GsiExceptions}). */
    ChatResponse decode(Prepared prepared, StepListener listener, BooleanSupplier cancelled) {
        GsiResult result;
        try {
            result = decoder.decode(prepared.request(), listener, cancelled);
        } catch (GsiCancelledException e) {
            throw e; // the caller's own cancellation, not a failure
        } catch (RuntimeException e) {
            throw GsiExceptions.toLangChain4j(e);
        }
        return toResponse(result, prepared);
    }

    /**
     * Sends a request GSI cannot serve to the bypass model, without this model's name (the bypass model uses
     * its own).
     */
    ChatResponse bypass(ChatRequest request, String reason) {
        LOG.debug("Bypassing GSI: {}", reason);
        ChatRequestParameters withoutName = DefaultChatRequestParameters.builder().overrideWith(request.parameters())
                .modelName(null).build();
        ChatResponse response = bypassModel.chat(request.toBuilder().parameters(withoutName).build());
        ChatResponseMetadata m = response.metadata();
        GsiChatResponseMetadata metadata = GsiChatResponseMetadata.builder().id(m.id()).modelName(m.modelName())
                .tokenUsage(m.tokenUsage()).finishReason(m.finishReason()).bypassed(true).bypassReason(reason).build();
        return response.toBuilder().metadata(metadata).build();
    }
}
