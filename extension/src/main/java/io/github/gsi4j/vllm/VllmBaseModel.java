package io.github.gsi4j.vllm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.GsiContextLengthException;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.AnswerChecks;
import io.github.gsi4j.http.ByIndex;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.vllm.api.CompletionRequest;
import io.github.gsi4j.vllm.api.CompletionResponse;
import io.github.gsi4j.vllm.api.TokenizeRequest;
import io.github.gsi4j.vllm.api.TokenizeResponse;

/**
 * The base model πB served by vLLM's OpenAI-compatible server (usually on a GPU). Scoring sends all
 * candidates of a step in one {@code /v1/completions} request as token-id prompts with {@code echo} and
 * {@code logprobs}, and sums each candidate's tail; fallback sampling sends one request with {@code n},
 * the step delimiter as stop string, a seed and every sampling parameter explicitly (so that the model's
 * {@code generation_config.json} defaults that vLLM applies otherwise do not change the distribution). For reproducible scores
 * run the server with
 * {@code --no-enable-prefix-caching}.
 */
public final class VllmBaseModel implements BaseModel {

    private static final Logger LOG = LoggerFactory.getLogger(VllmBaseModel.class);

    private static final String COMPLETIONS = "/v1/completions";

    private final JsonHttpClient http;
    private final String model;
    private final int vocabularySize;
    /** Set once the server rejected {@code max_tokens: 0}; scoring then asks for 1 token and ignores it. */
    private final AtomicBoolean zeroMaxTokensRejected = new AtomicBoolean();

    public VllmBaseModel(JsonHttpClient http, String model) {
        this(http, model, 0);
    }

    /**
     * @param vocabularySize the shared vocabulary's size, to reject sampled token ids outside it; 0 when unknown
     */
    public VllmBaseModel(JsonHttpClient http, String model, int vocabularySize) {
        this.http = Objects.requireNonNull(http, "http");
        this.model = Objects.requireNonNull(model, "model");
        this.vocabularySize = vocabularySize;
    }

    /** The served model's name. */
    public String model() {
        return model;
    }

    /**
     * Start-up check: the server serves {@link #model()} and tokenizes {@code probe} to {@code draftIds}.
     *
     * @param draftName names the draft model in a mismatch message
     * @throws GsiException when the model is not served
     * @throws GsiTokenizerMismatchException when the tokenizers differ
     */
    public void verify(String draftName, String probe, int[] draftIds) {
        ServedModels.require(http, model, "base");
        int[] baseIds = tokenize(probe);
        if (!Arrays.equals(baseIds, draftIds)) {
            throw new GsiTokenizerMismatchException("The draft model " + draftName + " and the base model " + model
                    + " at " + http.endpoint().baseUrl() + " do not share a tokenizer: the probe text encodes to "
                    + Arrays.toString(draftIds) + " and " + Arrays.toString(baseIds)
                    + ". GSI needs a draft from the base model's family.");
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Every token's log-probability is checked (finite, at most rounding noise above 0, the prompt's own ids
     * where the answer carries them); an answer that fails is asked for again like a 5xx answer. A 400 about
     * the context length is a {@link GsiContextLengthException}; a 400 about {@code max_tokens = 0} (servers that
     * refuse it) switches scoring to {@code max_tokens = 1}, once, for good.
     */
    @Override
    public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
        List<int[]> prompts = new ArrayList<>(candidates.size());
        long promptTokens = 0;
        for (StepCandidate c : candidates) {
            int[] p = Arrays.copyOf(prefix, prefix.length + c.size());
            System.arraycopy(c.tokens(), 0, p, prefix.length, c.size());
            prompts.add(p);
            promptTokens += p.length;
        }
        Duration timeout = http.endpoint().callTimeout(1, promptTokens);
        boolean oneToken = zeroMaxTokensRejected.get();
        try {
            return score(prompts, prefix.length, oneToken ? 1 : 0, timeout);
        } catch (GsiRemoteException e) {
            if (oneToken || e.status() != 400 || !ServerRefusals.aboutZeroMaxTokens(e.getMessage())) {
                throw ServerRefusals.typed(e, http.endpoint().name());
            }
            if (zeroMaxTokensRejected.compareAndSet(false, true)) {
                LOG.info("{} refuses max_tokens=0 for scoring ({}); scoring asks for max_tokens=1 from now on and "
                        + "ignores the generated token", http.endpoint().name(), e.getMessage());
            }
            try {
                return score(prompts, prefix.length, 1, timeout);
            } catch (GsiRemoteException again) {
                throw ServerRefusals.typed(again, http.endpoint().name());
            }
        }
    }

    private double[] score(List<int[]> prompts, int prefixLength, int maxTokens, Duration timeout) {
        return http.post(COMPLETIONS, scoring(prompts, maxTokens), CompletionResponse.class, timeout, response -> {
            List<CompletionResponse.Choice> choices = byIndex(response, prompts.size());
            double[] out = new double[prompts.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = candidateLogProb(choices.get(k), prefixLength, prompts.get(k), k);
            }
            return out;
        });
    }

    private CompletionRequest scoring(List<int[]> prompts, int maxTokens) {
        return new CompletionRequest(model, prompts, null, maxTokens, 1.0, null, null, true, 1, null, null, null, null,
                null);
    }

    private double candidateLogProb(CompletionResponse.Choice choice, int prefixLength, int[] prompt, int k) {
        List<Integer> echoed = choice.promptTokenIds();
        if (echoed != null && !Arrays.equals(echoed.stream().mapToInt(Integer::intValue).toArray(), prompt)) {
            throw invalid("choice " + k + " echoes prompt token ids that are not the candidate's: " + abbreviate(echoed));
        }
        double sum = 0;
        List<Map<String, CompletionResponse.PromptLogprob>> promptLogprobs = choice.promptLogprobs();
        if (promptLogprobs != null && promptLogprobs.size() >= prompt.length) {
            for (int t = prefixLength; t < prompt.length; t++) {
                Map<String, CompletionResponse.PromptLogprob> entry = promptLogprobs.get(t);
                CompletionResponse.PromptLogprob lp = entry == null ? null : entry.get(String.valueOf(prompt[t]));
                sum += AnswerChecks.logProb(lp == null ? null : lp.logprob(), "choice " + k + " at prompt position " + t
                        + " (prompt_logprobs, token " + prompt[t] + ")", this::invalid);
            }
            return sum;
        }
        List<Double> values = choice.logprobs() == null ? null : choice.logprobs().tokenLogprobs();
        if (values == null) {
            throw invalid("choice " + k + " has no logprobs.token_logprobs (is echo with logprobs supported?)");
        }
        if (values.size() < prompt.length) {
            throw invalid("choice " + k + " has " + values.size() + " token log-probabilities for a prompt of "
                    + prompt.length + " tokens");
        }
        List<String> tokens = choice.logprobs().tokens();
        for (int t = prefixLength; t < prompt.length; t++) {
            String where = "choice " + k + " at prompt position " + t;
            if (tokens != null && tokens.size() > t && tokens.get(t) != null && tokens.get(t).startsWith("token_id:")
                    && !tokens.get(t).equals("token_id:" + prompt[t])) {
                throw invalid(where + " scores " + tokens.get(t) + ", not token " + prompt[t]);
            }
            sum += AnswerChecks.logProb(values.get(t), where + " (logprobs.token_logprobs)", this::invalid);
        }
        return sum;
    }

    private static String abbreviate(List<Integer> ids) {
        String s = ids.toString();
        return s.length() > 80 ? s.substring(0, 80) + "...]" : s;
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
        Duration timeout = http.endpoint().callTimeout(params.maxTokens(), prefix.length);
        List<CompletionResponse.Choice> choices;
        try {
            choices = http.post(COMPLETIONS, VllmSampling.request(model, prefix, n, params, seed, false),
                    CompletionResponse.class, timeout, response -> {
                        List<CompletionResponse.Choice> ordered = byIndex(response, n);
                        VllmSampling.checkTokenIds(ordered, vocabularySize, this::invalid);
                        return ordered;
                    });
        } catch (GsiRemoteException e) {
            throw ServerRefusals.typed(e, http.endpoint().name());
        }
        return VllmSampling.steps(choices, false, this::tokenize, this::invalid);
    }

    private int[] tokenize(String text) {
        return http.post("/tokenize", new TokenizeRequest(model, text, false), TokenizeResponse.class,
                http.endpoint().callTimeout(0, text.length()), r -> {
                    if (r.tokens() == null) {
                        throw new GsiInvalidResponseException(http.where("/tokenize")
                                + " answered without tokens");
                    }
                    return r.tokens().stream().mapToInt(Integer::intValue).toArray();
                });
    }

    /** The choices ordered by their {@code index}, checked to be exactly 0..n-1. */
    private List<CompletionResponse.Choice> byIndex(CompletionResponse response, int n) {
        return ByIndex.order(response.choices(), CompletionResponse.Choice::index, n, "choices", this::invalid);
    }

    private GsiInvalidResponseException invalid(String what) {
        return new GsiInvalidResponseException(http.where(COMPLETIONS) + " " + what);
    }

    @Override
    public String toString() {
        return "VllmBaseModel[" + model + " at " + http.endpoint().baseUrl() + "]";
    }
}
