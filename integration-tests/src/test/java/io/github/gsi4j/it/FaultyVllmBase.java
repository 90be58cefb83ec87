package io.github.gsi4j.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;

/**
 * A vLLM base server stand-in that computes its answers with a real Jlama model (echo scoring: each prompt token's
 * log-probability; sampling: the embedded base's own sampler with the request's seed), so its answers are the
 * embedded base's, and that injects one kind of fault into a share of its {@code /v1/completions} answers, chosen
 * by a seeded random stream. An outage makes every completion fail the chosen way until it ends. Answers are
 * computed once per request body and then replayed (the numbers cannot change), so that the stand-in's own CPU time
 * does not stretch the calls of a loaded test machine beyond their time limit.
 */
public final class FaultyVllmBase implements AutoCloseable {

    /** The faults it can inject. */
    public enum Fault {
        /** No fault. */
        NONE,
        /** One prompt token's log-probability is +0.25 (the candidate's sum usually stays negative). */
        POSITIVE_LOGPROB,
        /** One prompt token's log-probability is NaN. */
        NAN_LOGPROB,
        /** One prompt token's log-probability is -Infinity (vLLM would write -9999). */
        INFINITE_LOGPROB,
        /** Scoring reports another token id than the candidate's; sampling answers an id outside the vocabulary. */
        WRONG_TOKEN_ID,
        /** The JSON body is cut in half. */
        TRUNCATED_JSON,
        /** The last choice is missing. */
        MISSING_CHOICE,
        /** HTTP 500 with vLLM's error body. */
        HTTP_500,
        /** HTTP 503 with {@code Retry-After: 0}. */
        HTTP_503,
        /** HTTP 429 with {@code Retry-After: 0}. */
        HTTP_429,
        /** The connection is closed without an answer. */
        DROP_CONNECTION,
        /** The answer comes only after {@link #hangMillis}. */
        HANG,
        /** HTTP 400: the sequence is longer than the model's context (not retried: the request fails as too long). */
        CONTEXT_LENGTH_400
    }

    static final String CONTEXT_LENGTH = "{\"object\":\"error\",\"message\":\"This model's maximum context length is 2048 "
            + "tokens. However, you requested 2100 tokens (2100 in the messages, 0 in the completion). Please reduce the "
            + "length of the messages or completion.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JlamaModel model;
    private final JlamaBaseModel sampler;
    private final StubServer server;
    private final long hangMillis;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    /** Answers already computed, by request body: a request sent again gets the same answer at once. */
    private final Map<String, ObjectNode> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private SplittableRandom random = new SplittableRandom(1);
    private Fault fault = Fault.NONE;
    private double rate;
    private Fault outage = Fault.NONE;
    private int completions;

    /**
     * @param model the base model the answers are computed with (not closed by this server)
     * @param modelName the served name
     * @param hangMillis how long a hung answer takes
     */
    public FaultyVllmBase(JlamaModel model, String modelName, long hangMillis) {
        this.model = model;
        this.sampler = new JlamaBaseModel(model, false);
        this.hangMillis = hangMillis;
        this.server = new StubServer(null, 0, s -> s.handle("/v1/completions", this::completions)
                .handle("/v1/models", r -> down().orElseGet(() -> FakeVllm.models(modelName)))
                .handle("/tokenize", r -> down().orElseGet(() -> FakeVllm.tokenize(r, model::encode))));
    }

    public String url() {
        return server.url();
    }

    public StubServer server() {
        return server;
    }

    /** From now on, {@code rate} of the completions (chosen by a stream seeded with {@code seed}) get {@code fault}. */
    public synchronized void inject(Fault fault, double rate, long seed) {
        this.fault = fault;
        this.rate = rate;
        this.random = new SplittableRandom(seed);
    }

    /** Every completion fails with {@code how}, and the other paths go down too, until {@code outage(Fault.NONE)}. */
    public synchronized void outage(Fault how) {
        this.outage = how;
    }

    /** How often each fault was injected. */
    public synchronized Map<Fault, Integer> injected() {
        return new EnumMap<>(injected);
    }

    /** How many completions were asked for. */
    public synchronized int completions() {
        return completions;
    }

    /** During an outage, the failed answer every path gets. */
    private synchronized java.util.Optional<StubServer.Answer> down() {
        return switch (outage) {
            case NONE -> java.util.Optional.empty();
            case HANG -> java.util.Optional.of(StubServer.Answer.status(503, "").delayed(hangMillis));
            case HTTP_503 -> java.util.Optional.of(StubServer.Answer.status(503, "").retryAfter("0"));
            default -> java.util.Optional.of(StubServer.Answer.dropConnection());
        };
    }

    private synchronized Fault nextFault() {
        completions++;
        Fault f = outage != Fault.NONE ? outage : fault != Fault.NONE && random.nextDouble() < rate ? fault : Fault.NONE;
        if (f != Fault.NONE) {
            injected.merge(f, 1, Integer::sum);
        }
        return f;
    }

    private StubServer.Answer completions(StubServer.Recorded r) {
        Fault f = nextFault();
        switch (f) {
            case HTTP_500 -> {
                return StubServer.Answer.status(500, "{\"object\":\"error\",\"message\":\"injected\",\"code\":500}");
            }
            case HTTP_503 -> {
                return StubServer.Answer.status(503, "").retryAfter("0");
            }
            case HTTP_429 -> {
                return StubServer.Answer.status(429, "{\"object\":\"error\",\"message\":\"slow down\",\"code\":429}")
                        .retryAfter("0");
            }
            case DROP_CONNECTION -> {
                return StubServer.Answer.dropConnection();
            }
            case CONTEXT_LENGTH_400 -> {
                return StubServer.Answer.status(400, CONTEXT_LENGTH);
            }
            default -> {
                // compute the real answer, then spoil it
            }
        }
        JsonNode request = r.json();
        ObjectNode answer = spoiled(answers.computeIfAbsent(r.body(),
                b -> request.get("echo") != null ? scoring(request) : sampling(request)).deepCopy(), request, f);
        String body = answer.toString();
        if (f == Fault.TRUNCATED_JSON) {
            body = body.substring(0, body.length() / 2);
        }
        StubServer.Answer a = StubServer.Answer.json(body);
        return f == Fault.HANG ? a.delayed(hangMillis) : a;
    }

    /**
     * Echo scoring: for each prompt, each token's log-probability given the tokens before it (the first: null), and
     * the prompt's ids as {@code tokens} (vLLM's {@code --return-tokens-as-token-ids}). The prompts' shared prefix is
     * computed once (its prefill is then reused from the model's KV caches), each prompt's own tail after it.
     */
    private ObjectNode scoring(JsonNode request) {
        ObjectNode root = JSON.createObjectNode().put("object", "text_completion").put("model", "base");
        ArrayNode choices = root.putArray("choices");
        List<int[]> all = new ArrayList<>();
        for (JsonNode p : request.get("prompt")) {
            all.add(ids(p));
        }
        int shared = all.get(0).length - 1;
        for (int[] p : all) {
            shared = Math.min(shared, Math.min(p.length - 1, commonPrefix(all.get(0), p)));
        }
        shared = Math.max(1, shared);
        int[] prefix = Arrays.copyOf(all.get(0), shared);
        double[] prefixValues = shared > 1
                ? model.tokenLogProbs(Arrays.copyOf(prefix, 1), List.of(Arrays.copyOfRange(prefix, 1, shared))).get(0)
                : new double[0];
        List<double[]> tailValues = model.tokenLogProbs(prefix,
                all.stream().map(p -> Arrays.copyOfRange(p, prefix.length, p.length)).toList());
        for (int i = 0; i < all.size(); i++) {
            int[] prompt = all.get(i);
            double[] values = new double[prompt.length - 1];
            System.arraycopy(prefixValues, 0, values, 0, prefixValues.length);
            System.arraycopy(tailValues.get(i), 0, values, shared - 1, tailValues.get(i).length);
            ObjectNode c = choices.addObject().put("index", i).put("text", "");
            ObjectNode logprobs = c.putObject("logprobs");
            ArrayNode lp = logprobs.putArray("token_logprobs");
            ArrayNode tokens = logprobs.putArray("tokens");
            lp.addNull();
            tokens.add("token_id:" + prompt[0]);
            for (int t = 1; t < prompt.length; t++) {
                lp.add(values[t - 1]);
                tokens.add("token_id:" + prompt[t]);
            }
            c.put("finish_reason", "length").putNull("stop_reason");
        }
        return root;
    }

    /** Sampling: the embedded base's steps for the request's parameters and seed. */
    private ObjectNode sampling(JsonNode request) {
        int n = request.get("n").asInt();
        String delimiter = request.get("stop").get(0).asText();
        int topK = request.path("top_k").asInt(-1);
        SamplingParams params = new SamplingParams(request.get("temperature").asDouble(),
                request.path("top_p").asDouble(1.0), topK < 0 ? 0 : topK, request.get("max_tokens").asInt(), delimiter,
                ProposalDensity.EXACT);
        List<StepCandidate> steps = sampler.sampleSteps(ids(request.get("prompt")), n, params,
                request.get("seed").asLong());
        ObjectNode root = JSON.createObjectNode().put("object", "text_completion").put("model", "base");
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < steps.size(); i++) {
            StepCandidate s = steps.get(i);
            ObjectNode c = choices.addObject().put("index", i).put("text", s.text());
            ArrayNode ids = c.putArray("token_ids");
            for (int t : s.tokens()) {
                ids.add(t);
            }
            if (s.endsSequence()) {
                c.put("finish_reason", "stop").putNull("stop_reason");
            } else if (s.text().contains(delimiter)) {
                c.put("finish_reason", "stop").put("stop_reason", delimiter);
            } else {
                c.put("finish_reason", "length").putNull("stop_reason");
            }
        }
        return root;
    }

    /**
     * The answer with {@code f} applied to one choice: a value fault spoils the last token of a candidate whose own
     * tail (after the prompts' shared prefix) has two tokens or more if there is one; a positive log-probability
     * (+0.25) comes with the tail's other tokens scaled so that the candidate's sum is -0.05: negative, plausible,
     * and far more likely than it should be (the fault).
     */
    private ObjectNode spoiled(ObjectNode answer, JsonNode request, Fault f) {
        ArrayNode choices = (ArrayNode) answer.get("choices");
        if (f == Fault.MISSING_CHOICE) {
            choices.remove(choices.size() - 1);
            return answer;
        }
        int victim = choices.size() - 1;
        int shared = Integer.MAX_VALUE;
        if (request.get("echo") != null) {
            JsonNode prompts = request.get("prompt");
            int[] first = ids(prompts.get(0));
            for (JsonNode p : prompts) {
                shared = Math.min(shared, commonPrefix(first, ids(p)));
            }
            for (int i = 0; i < prompts.size(); i++) {
                if (prompts.get(i).size() - shared >= 2) {
                    victim = i;
                }
            }
        }
        ObjectNode last = (ObjectNode) choices.get(victim);
        if (last.has("token_ids")) { // a sample
            if (f == Fault.WRONG_TOKEN_ID) {
                ((ArrayNode) last.get("token_ids")).set(0, JSON.getNodeFactory().numberNode(model.vocabularySize() + 7));
            }
            return answer;
        }
        ArrayNode values = (ArrayNode) last.get("logprobs").get("token_logprobs");
        ArrayNode tokens = (ArrayNode) last.get("logprobs").get("tokens");
        int t = values.size() - 1;
        switch (f) {
            case POSITIVE_LOGPROB -> {
                values.set(t, JSON.getNodeFactory().numberNode(0.25));
                double rest = 0;
                for (int k = shared; k < t; k++) {
                    rest += values.get(k).asDouble();
                }
                for (int k = shared; k < t && rest < 0; k++) { // the rest scaled to -0.30: the sum is -0.05
                    values.set(k, JSON.getNodeFactory().numberNode(values.get(k).asDouble() * -0.30 / rest));
                }
            }
            case NAN_LOGPROB -> values.set(t, JSON.getNodeFactory().numberNode(Double.NaN));
            case INFINITE_LOGPROB -> values.set(t, JSON.getNodeFactory().numberNode(Double.NEGATIVE_INFINITY));
            case WRONG_TOKEN_ID -> tokens.set(t, JSON.getNodeFactory().textNode("token_id:" + (Integer.parseInt(
                    tokens.get(t).asText().substring("token_id:".length())) + 1)));
            default -> {
            }
        }
        return answer;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    private static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
