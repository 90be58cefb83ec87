package io.github.gsi4j.bench.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.vllm.api.CompletionRequest;
import io.github.gsi4j.vllm.api.CompletionResponse;
import io.github.gsi4j.vllm.api.CompletionResponse.Choice;
import io.github.gsi4j.vllm.api.CompletionResponse.Logprobs;
import io.github.gsi4j.vllm.api.CompletionResponse.PromptLogprob;

/**
 * vLLM's {@code /v1/completions} on a Jlama model: with {@code echo}, scoring (every prompt token's log-probability,
 * as {@code prompt_logprobs} and {@code logprobs.token_logprobs}, reusing the values of prefixes scored before);
 * without, seeded sampling of {@code n} continuations up to the stop string, with each sampled token's
 * log-probability when {@code logprobs} is asked for, raw or processed as the server reports them.
 */
final class CompletionsEndpoint {

    /** The stop string when a request names none: text that the model never writes. */
    private static final String NO_STOP = "\u0000\u0001";

    private final ServedModel served;
    private final JlamaModel model;
    private final JlamaBaseModel sampler;
    private final PrefixLogProbs memo;
    private final GpuLatencyModel latency;
    private final ProposalDensity reported;

    CompletionsEndpoint(ServedModel served, JlamaModel model, GpuLatencyModel latency, ProposalDensity reported) {
        this.served = served;
        this.model = model;
        this.sampler = new JlamaBaseModel(model, false);
        this.memo = new PrefixLogProbs(model, 512);
        this.latency = latency;
        this.reported = reported;
    }

    Reply answer(CompletionRequest request) {
        return Boolean.TRUE.equals(request.echo()) ? score(request) : sample(request);
    }

    /**
     * Scoring. The modelled prefill counts each prompt in full, or, with prefix caching, the prefix that all prompts
     * share once; asking for tokens costs one decode step (none is generated).
     */
    private Reply score(CompletionRequest request) {
        List<int[]> prompts = prompts(request.prompt());
        int maxTokens = request.maxTokens() == null ? 0 : request.maxTokens();
        for (int[] p : prompts) {
            served.checkLength(p.length, maxTokens);
        }
        int shared = sharedPrefix(prompts);
        List<Choice> choices = new ArrayList<>();
        long tokens = 0;
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i);
            double[] lp = memo.of(p);
            tokens += latency.prefixCaching() && i > 0 ? p.length - shared : p.length;
            List<Map<String, PromptLogprob>> promptLogprobs = new ArrayList<>(p.length);
            List<Double> tokenLogprobs = new ArrayList<>(p.length);
            promptLogprobs.add(null); // the first token has no log-probability
            tokenLogprobs.add(null);
            for (int t = 1; t < p.length; t++) {
                promptLogprobs.add(Map.of(String.valueOf(p[t]), new PromptLogprob(lp[t], 1, null)));
                tokenLogprobs.add(lp[t]);
            }
            choices.add(new Choice(i, "", null, null, new Logprobs(tokenLogprobs, null), promptLogprobs, "length",
                    NullNode.getInstance()));
        }
        return Reply.ok(response(choices), latency.nanos(tokens, maxTokens > 0 ? 1 : 0), Reply.Work.prefill(tokens));
    }

    private static int sharedPrefix(List<int[]> prompts) {
        int shared = prompts.get(0).length;
        for (int[] p : prompts) {
            int c = Arrays.mismatch(prompts.get(0), p);
            shared = Math.min(shared, c < 0 ? p.length : c);
        }
        return shared;
    }

    /** Sampling: the modelled time prefills the prompt once and decodes as many steps as the longest sample. */
    private Reply sample(CompletionRequest request) {
        int[] prompt = prompts(request.prompt()).get(0);
        int maxTokens = request.maxTokens() == null ? 16 : request.maxTokens();
        served.checkLength(prompt.length, maxTokens);
        String stop = request.stop() == null || request.stop().isEmpty() ? NO_STOP : request.stop().get(0);
        if (request.repetitionPenalty() != null && request.repetitionPenalty() != 1) {
            throw new IllegalArgumentException("this server samples without a repetition penalty");
        }
        SamplingParams params = new SamplingParams(orOne(request.temperature()), orOne(request.topP()),
                request.topK() == null ? 0 : Math.max(0, request.topK()), maxTokens, stop, ProposalDensity.EXACT);
        List<StepCandidate> samples = sampler.sampleSteps(prompt, request.n() == null ? 1 : request.n(), params,
                request.seed() == null ? 0 : request.seed());
        List<double[]> logprobs = request.logprobs() == null ? null
                : model.tokenLogProbs(prompt, samples.stream().map(StepCandidate::tokens).toList(),
                        reported == ProposalDensity.EXACT ? params : null);
        List<Choice> choices = new ArrayList<>();
        int longest = 0;
        long generated = 0;
        for (int i = 0; i < samples.size(); i++) {
            StepCandidate c = samples.get(i);
            longest = Math.max(longest, c.size());
            generated += c.size();
            boolean atStop = !c.endsSequence() && c.text().endsWith(stop);
            JsonNode stopReason = atStop ? TextNode.valueOf(stop) : NullNode.getInstance();
            Logprobs values = logprobs == null ? null
                    : new Logprobs(Arrays.stream(logprobs.get(i)).boxed().toList(), null);
            choices.add(new Choice(i, c.text(), Arrays.stream(c.tokens()).boxed().toList(), null, values, null,
                    c.endsSequence() || atStop ? "stop" : "length", stopReason));
        }
        return Reply.ok(response(choices), latency.nanos(prompt.length, longest),
                new Reply.Work(prompt.length, longest, generated));
    }

    private static double orOne(Double value) {
        return value == null ? 1 : value;
    }

    private CompletionResponse response(List<Choice> choices) {
        return new CompletionResponse("cmpl-bench", "text_completion", served.name(), choices);
    }

    /** A prompt of token ids, or a batch of them. */
    private static List<int[]> prompts(Object prompt) {
        if (!(prompt instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("prompt must be token ids or a list of token-id lists");
        }
        if (!(list.get(0) instanceof List<?>)) {
            return List.of(ids(list));
        }
        List<int[]> out = new ArrayList<>();
        for (Object p : list) {
            if (!(p instanceof List<?> ids)) {
                throw new IllegalArgumentException("prompt must be token ids or a list of token-id lists");
            }
            out.add(ids(ids));
        }
        return out;
    }

    private static int[] ids(List<?> list) {
        int[] ids = new int[list.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!(list.get(i) instanceof Number id)) {
                throw new IllegalArgumentException("prompt must be token ids or a list of token-id lists");
            }
            ids[i] = id.intValue();
        }
        return ids;
    }
}
