package io.github.gsi4j.sglang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.AnswerChecks;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.sglang.api.SglangGenerateRequest;
import io.github.gsi4j.sglang.api.SglangGenerateResponse;
import io.github.gsi4j.vllm.api.TokenizeRequest;
import io.github.gsi4j.vllm.api.TokenizeResponse;

/**
 * The base model πB served by SGLang's native {@code /generate} API on token ids: scoring asks for the
 * input tokens' log-probabilities from the last prefix token on ({@code return_logprob},
 * {@code logprob_start_len}, no new tokens) and checks that the scored token ids are the candidate's;
 * fallback sampling sends the prefix n times with seeds seed, seed+1, …. At start-up {@link #verify} checks
 * with SGLang's {@code /v1/tokenize} that the server shares the draft's tokenizer.
 */
public final class SglangBaseModel implements BaseModel {

    private static final String TOKENIZE = "/v1/tokenize";

    private final JsonHttpClient http;

    public SglangBaseModel(JsonHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * Start-up check: the server tokenizes {@code probe} ({@code POST /v1/tokenize}, without special tokens) to
     * {@code draftIds}, so that it can score the draft's token ids.
     *
     * @param draftName names the draft model in a mismatch message
     * @throws GsiTokenizerMismatchException when the tokenizers differ
     */
    public void verify(String draftName, String probe, int[] draftIds) {
        TokenizeResponse r = http.post(TOKENIZE, new TokenizeRequest(null, probe, false), TokenizeResponse.class);
        if (r.tokens() == null) {
            throw new GsiInvalidResponseException(http.url(TOKENIZE) + " answered without tokens");
        }
        int[] baseIds = r.tokens().stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(baseIds, draftIds)) {
            throw new GsiTokenizerMismatchException("The draft model " + draftName + " and the SGLang base model at "
                    + http.endpoint().baseUrl() + " do not share a tokenizer: the probe text encodes to "
                    + Arrays.toString(draftIds) + " and " + Arrays.toString(baseIds)
                    + ". GSI needs a draft from the base model's family.");
        }
    }

    @Override
    public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
        List<int[]> inputs = new ArrayList<>(candidates.size());
        for (StepCandidate c : candidates) {
            int[] p = Arrays.copyOf(prefix, prefix.length + c.size());
            System.arraycopy(c.tokens(), 0, p, prefix.length, c.size());
            inputs.add(p);
        }
        var params = new SglangGenerateRequest.SamplingParams(0, 1.0, null, null, null, null, null);
        long promptTokens = inputs.stream().mapToLong(p -> p.length).sum();
        return http.post("/generate", new SglangGenerateRequest(inputs, params, true, prefix.length - 1),
                SglangGenerateResponse[].class, http.endpoint().callTimeout(1, promptTokens), outputs -> {
                    check(outputs, candidates.size());
                    double[] out = new double[candidates.size()];
                    for (int k = 0; k < out.length; k++) {
                        out[k] = candidateLogProb(outputs[k], candidates.get(k).tokens(), k);
                    }
                    return out;
                });
    }

    /** The sum of the candidate's input-token log-probabilities, each checked, with the token ids SGLang scored. */
    private double candidateLogProb(SglangGenerateResponse output, int[] y, int k) {
        List<List<JsonNode>> entries = output.metaInfo() == null ? null : output.metaInfo().inputTokenLogprobs();
        if (entries == null || entries.size() < y.length) {
            throw invalid("output " + k + " has " + (entries == null ? "no" : entries.size())
                    + " input token log-probabilities for a candidate of " + y.length + " tokens");
        }
        List<List<JsonNode>> tail = entries.subList(entries.size() - y.length, entries.size());
        double sum = 0;
        for (int t = 0; t < y.length; t++) {
            List<JsonNode> e = tail.get(t);
            if (e == null || e.size() < 2 || !e.get(0).isNumber() || e.get(1).asInt(-1) != y[t]) {
                throw invalid("output " + k + " entry " + t + " is " + e + ", expected [logprob, " + y[t] + ", ...]");
            }
            sum += AnswerChecks.logProb(e.get(0).asDouble(), "output " + k + " entry " + t, this::invalid);
        }
        return sum;
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
        List<int[]> inputs = new ArrayList<>(n);
        List<SglangGenerateRequest.SamplingParams> perInput = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inputs.add(prefix);
            perInput.add(new SglangGenerateRequest.SamplingParams(params.maxTokens(), params.temperature(),
                    params.topP() < 1 ? params.topP() : null, params.topK() > 0 ? params.topK() : null,
                    List.of(params.stepDelimiter()), true, seed + i));
        }
        return http.post("/generate", new SglangGenerateRequest(inputs, perInput, null, null),
                SglangGenerateResponse[].class, http.endpoint().callTimeout(params.maxTokens(), prefix.length),
                outputs -> steps(outputs, n));
    }

    private List<StepCandidate> steps(SglangGenerateResponse[] outputs, int n) {
        check(outputs, n);
        List<StepCandidate> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            SglangGenerateResponse o = outputs[k];
            if (o.outputIds() == null || o.outputIds().isEmpty()) {
                throw invalid("output " + k + " of the fallback sample has no output_ids");
            }
            JsonNode finish = o.metaInfo() == null ? null : o.metaInfo().finishReason();
            boolean endOfSequence = finish != null && "stop".equals(finish.path("type").asText())
                    && !finish.path("matched").isTextual();
            int[] ids = o.outputIds().stream().mapToInt(id -> id == null ? -1 : id).toArray();
            for (int t = 0; t < ids.length; t++) {
                AnswerChecks.tokenId(ids[t], 0, "output " + k + " at token " + t, this::invalid);
            }
            out.add(new StepCandidate(ids, o.text() == null ? "" : o.text(), Double.NaN, endOfSequence));
        }
        return out;
    }

    private void check(SglangGenerateResponse[] outputs, int n) {
        if (outputs == null || outputs.length != n) {
            throw invalid("answered " + (outputs == null ? "no" : outputs.length) + " outputs, expected " + n);
        }
    }

    private GsiInvalidResponseException invalid(String what) {
        return new GsiInvalidResponseException(http.where("/generate") + " " + what);
    }

    @Override
    public String toString() {
        return "SglangBaseModel[" + http.endpoint().baseUrl() + "]";
    }
}
