package io.github.gsi4j.vllm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.http.AnswerChecks;
import io.github.gsi4j.vllm.api.CompletionRequest;
import io.github.gsi4j.vllm.api.CompletionResponse;

/** What sampling steps from a vLLM server shares between the base's fallback and a served draft. */
final class VllmSampling {

    private VllmSampling() {
    }

    /**
     * One {@code /v1/completions} request for {@code n} steps: token-id prompt, the step delimiter as stop string
     * (kept in the output), the token ids of the output, a seed, and temperature, top-p, top-k and repetition
     * penalty always sent (vLLM otherwise applies the model's {@code generation_config.json}, e.g. Qwen's
     * top-p 0.8, top-k 20 and repetition penalty 1.05).
     *
     * @param logprobs whether to ask for each sampled token's log-probability
     */
    static CompletionRequest request(String model, int[] prefix, int n, SamplingParams params, long seed,
            boolean logprobs) {
        return new CompletionRequest(model, prefix, n, params.maxTokens(), params.temperature(), params.topP(),
                params.topK() > 0 ? params.topK() : -1, null, logprobs ? 0 : null, List.of(params.stepDelimiter()),
                true, seed, true, 1.0);
    }

    /** Checks that every token id an answer carries is in the vocabulary (size 0: unknown, ids only >= 0). */
    static void checkTokenIds(List<CompletionResponse.Choice> choices, int vocabularySize,
            Function<String, GsiInvalidResponseException> invalid) {
        for (int k = 0; k < choices.size(); k++) {
            List<Integer> ids = choices.get(k).tokenIds();
            if (ids == null) {
                continue;
            }
            for (int t = 0; t < ids.size(); t++) {
                Integer id = ids.get(t);
                if (id == null) {
                    throw invalid.apply("choice " + k + " has no token id at token " + t);
                }
                AnswerChecks.tokenId(id, vocabularySize, "choice " + k + " at token " + t, invalid);
            }
        }
    }

    /**
     * The steps of the ordered choices. A step's tokens are the answer's {@code token_ids} (else the text
     * tokenized again); with {@code logprobs}, its log-density is the sum of {@code logprobs.token_logprobs},
     * one finite value per token.
     */
    static List<StepCandidate> steps(List<CompletionResponse.Choice> choices, boolean logprobs,
            Function<String, int[]> tokenize, Function<String, GsiInvalidResponseException> invalid) {
        List<StepCandidate> out = new ArrayList<>(choices.size());
        for (int k = 0; k < choices.size(); k++) {
            CompletionResponse.Choice c = choices.get(k);
            String text = c.text() == null ? "" : c.text();
            int[] tokens;
            if (c.tokenIds() != null) {
                tokens = c.tokenIds().stream().mapToInt(Integer::intValue).toArray();
            } else if (logprobs) {
                throw invalid.apply("choice " + k + " has no token_ids: a served draft needs them to report exact "
                        + "densities (vLLM 0.10.2 or later answers return_token_ids)");
            } else {
                tokens = tokenize.apply(text);
            }
            if (tokens.length == 0) {
                throw invalid.apply("choice " + k + " of the sample has no tokens");
            }
            double logProb = Double.NaN;
            if (logprobs) {
                List<Double> values = c.logprobs() == null ? null : c.logprobs().tokenLogprobs();
                if (values == null || values.size() != tokens.length) {
                    throw invalid.apply("choice " + k + " has " + (values == null ? "no" : values.size())
                            + " token log-probabilities for " + tokens.length + " tokens");
                }
                logProb = 0;
                for (int t = 0; t < values.size(); t++) {
                    logProb += AnswerChecks.logProb(values.get(t), "choice " + k + " at token " + t, invalid);
                }
            }
            boolean endOfSequence = "stop".equals(c.finishReason()) && (c.stopReason() == null || c.stopReason().isNull());
            out.add(new StepCandidate(tokens, text, logProb, endOfSequence));
        }
        return out;
    }
}
