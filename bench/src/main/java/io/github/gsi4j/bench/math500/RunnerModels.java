package io.github.gsi4j.bench.math500;

import java.util.Locale;
import java.util.OptionalInt;

import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.http.RemoteEndpoint;
import io.github.gsi4j.jlama.JlamaDraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.langchain4j.ChatTemplate;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.tokenizer.TokenizerProbe;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.VllmBaseModel;
import io.github.gsi4j.vllm.VllmDraftModel;
import io.github.gsi4j.vllm.VllmProcessRewardScorer;
import io.github.gsi4j.vllm.VllmTokenizer;

/**
 * The runner's models, connected and checked once: the base server (serves the model, shares the draft's
 * tokenizer), the draft (in this JVM, or a vLLM server whose log-probabilities are the kind configured), the
 * chat template (the Jlama model's, else the base server's), and the context window every step must fit (the
 * smallest {@code max_model_len} of the servers and the Jlama draft's context, or {@code --max-model-len}).
 */
final class RunnerModels {

    private final RunSettings settings;
    private final DraftModel draft;
    private final ChatTemplate template;
    private final VllmBaseModel base;
    private final JsonHttpClient prm;
    private final OptionalInt contextLength;

    private RunnerModels(RunSettings settings, DraftModel draft, ChatTemplate template, VllmBaseModel base,
            JsonHttpClient prm, OptionalInt contextLength) {
        this.settings = settings;
        this.draft = draft;
        this.template = template;
        this.base = base;
        this.prm = prm;
        this.contextLength = contextLength;
    }

    /**
     * Connects to the servers of {@code s} and checks them.
     *
     * @param jlama the Jlama draft, or with {@code --draft-url} the model that renders prompts; may be null with a
     *        served draft (the base server renders them)
     */
    static RunnerModels connect(RunSettings s, JlamaModel jlama, String apiKey) {
        RemoteEndpoint.Builder endpoint = RemoteEndpoint.builder().apiKey(apiKey).readTimeout(s.timeout())
                .maxRetries(s.maxRetries());
        JsonHttpClient baseHttp = new JsonHttpClient(endpoint.baseUrl(s.baseUrl()).build());
        VllmBaseModel base = new VllmBaseModel(baseHttp, s.baseModel());
        VllmTokenizer baseTokenizer = new VllmTokenizer(baseHttp, s.baseModel());
        OptionalInt context = baseTokenizer.maxModelLen();
        DraftModel draft;
        if (s.draftUrl() != null) {
            JsonHttpClient draftHttp = new JsonHttpClient(endpoint.baseUrl(s.draftUrl()).build());
            VllmTokenizer draftTokenizer = new VllmTokenizer(draftHttp, s.draftModel());
            int[] probe = draftTokenizer.encode(TokenizerProbe.TEXT);
            VllmDraftModel served = new VllmDraftModel(draftHttp, s.draftModel(), s.draftLogprobs());
            served.verify(probe);
            served.checkDensity(s.options().sampling().draft(s.options().limits().maxStepTokens()));
            base.verify(s.draftModel() + " at " + s.draftUrl(), TokenizerProbe.TEXT, probe);
            context = Math500Runner.min(context, draftTokenizer.maxModelLen());
            draft = served;
        } else {
            draft = new JlamaDraftModel(jlama, false);
        }
        if (jlama != null) {
            base.verify(jlama.folder().toString(), TokenizerProbe.TEXT, TokenizerProbe.ids(jlama.tokenizer()));
            context = Math500Runner.min(context, OptionalInt.of(jlama.contextLength()));
        }
        context = Math500Runner.min(context, s.maxModelLen());
        ChatTemplate template = jlama != null ? ChatTemplate.of(jlama)
                : ChatTemplate.of(baseTokenizer, context.orElse(Integer.MAX_VALUE));
        return new RunnerModels(s, draft, template, base, new JsonHttpClient(endpoint.baseUrl(s.prmUrl()).build()), context);
    }

    /** The context window every step must fit, if known. */
    OptionalInt contextLength() {
        return contextLength;
    }

    /** A chat model deciding with {@code options}, the PRM's input laid out as {@code layout}. */
    GuidedSpeculativeChatModel chatModel(GsiOptions options, PrmPromptRenderer.StepLayout layout) {
        GsiOptions capped = contextLength.isPresent() ? options.toBuilder().contextLength(contextLength.getAsInt()).build()
                : options;
        Policy policy = options.policy();
        return GuidedSpeculativeChatModel.builder().draftModel(draft).chatTemplate(template).baseModel(base)
                .rewardScorer(new VllmProcessRewardScorer(prm, settings.prmModel(),
                        PrmPromptRenderer.qwenMathPrm().withLayout(layout)))
                .options(capped).modelName("gsi-" + policy.name().toLowerCase(Locale.ROOT)).build();
    }
}
