package io.github.gsi4j.vllm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.vllm.api.CompletionRequest;
import io.github.gsi4j.vllm.api.CompletionResponse;
import io.github.gsi4j.vllm.api.TokenizeRequest;
import io.github.gsi4j.vllm.api.TokenizeResponse;

/**
 * The base model πB served by vLLM's OpenAI-compatible server (usually on a GPU). Scoring sends all
 * candidates of a step in one {@code /v1/completions} request as token-id prompts with {@code echo} and
 * {@code logprobs}, and sums each candidate's tail; fallback sampling sends one request with {@code n},
 * the step delimiter as stop string, a seed and every sampling parameter explicitly (so that the model's
 * {@code generation_config.json} defaults that vLLM applies otherwise do not change the distribution). For reproducible scores run the server with
 * {@code --no-enable-prefix-caching}.
 */
public final class VllmBaseModel implements BaseModel {

    private static final Logger LOG = LoggerFactory.getLogger(VllmBaseModel.class);

    private final JsonHttpClient http;
    private final String model;
    /** Set once the server rejected {@code max_tokens: 0}; scoring then asks for 1 token and ignores it. */
    private final AtomicBoolean zeroMaxTokensRejected = new AtomicBoolean();

    public VllmBaseModel(JsonHttpClient http, String model) {
        this.http = Objects.requireNonNull(http, "http");
        this.model = Objects.requireNonNull(model, "model");
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

    @Override
    public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
        List<int[]> prompts = new ArrayList<>(candidates.size());
        for (StepCandidate c : candidates) {
            int[] p = Arrays.copyOf(prefix, prefix.length + c.size());
            System.arraycopy(c.tokens(), 0, p, prefix.length, c.size());
            prompts.add(p);
        }
        CompletionResponse response;
        try {
            response = http.post("/v1/completions", scoring(prompts, zeroMaxTokensRejected.get() ? 1 : 0),
                    CompletionResponse.class);
        } catch (GsiRemoteException e) {
            if (e.status() != 400 || zeroMaxTokensRejected.getAndSet(true)) {
                throw e;
            }
            LOG.info("{} rejected max_tokens=0 for scoring ({}); scoring with max_tokens=1 from now on",
                    http.endpoint().baseUrl(), e.getMessage());
            response = http.post("/v1/completions", scoring(prompts, 1), CompletionResponse.class);
        }
        List<CompletionResponse.Choice> choices = byIndex(response, candidates.size());
        double[] out = new double[candidates.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = candidateLogProb(choices.get(k), prefix.length, prompts.get(k), k);
        }
        return out;
    }

    private CompletionRequest scoring(List<int[]> prompts, int maxTokens) {
        return new CompletionRequest(model, prompts, null, maxTokens, 1.0, null, null, true, 1, null, null, null, null,
                null);
    }

    private double candidateLogProb(CompletionResponse.Choice choice, int prefixLength, int[] prompt, int k) {
        double sum = 0;
        List<Map<String, CompletionResponse.PromptLogprob>> promptLogprobs = choice.promptLogprobs();
        if (promptLogprobs != null && promptLogprobs.size() >= prompt.length) {
            for (int t = prefixLength; t < prompt.length; t++) {
                Map<String, CompletionResponse.PromptLogprob> entry = promptLogprobs.get(t);
                CompletionResponse.PromptLogprob lp = entry == null ? null : entry.get(String.valueOf(prompt[t]));
                sum += value(lp == null ? null : lp.logprob(), k, t, "prompt_logprobs");
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
        for (int t = prefixLength; t < prompt.length; t++) {
            sum += value(values.get(t), k, t, "logprobs.token_logprobs");
        }
        return sum;
    }

    private double value(Double v, int k, int position, String field) {
        if (v == null || v.isNaN()) {
            throw invalid("choice " + k + " has " + (v == null ? "no" : "a NaN") + " log-probability at prompt position "
                    + position + " (" + field + ")");
        }
        return v;
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
        CompletionResponse response = http.post("/v1/completions",
                VllmSampling.request(model, prefix, n, params, seed, false), CompletionResponse.class);
        return VllmSampling.steps(byIndex(response, n), false, this::tokenize, this::invalid);
    }

    private int[] tokenize(String text) {
        TokenizeResponse r = http.post("/tokenize", new TokenizeRequest(model, text, false), TokenizeResponse.class);
        if (r.tokens() == null) {
            throw new GsiInvalidResponseException(http.url("/tokenize") + " answered without tokens");
        }
        return r.tokens().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The choices ordered by their {@code index}, checked to be exactly 0..n-1. */
    private List<CompletionResponse.Choice> byIndex(CompletionResponse response, int n) {
        return ByIndex.order(response.choices(), CompletionResponse.Choice::index, n, "choices", this::invalid);
    }

    private GsiInvalidResponseException invalid(String what) {
        return new GsiInvalidResponseException(http.url("/v1/completions") + " " + what);
    }

    @Override
    public String toString() {
        return "VllmBaseModel[" + model + " at " + http.endpoint().baseUrl() + "]";
    }
}
