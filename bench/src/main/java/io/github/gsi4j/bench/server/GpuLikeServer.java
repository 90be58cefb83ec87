package io.github.gsi4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.jlama.JlamaBaseModel;
import io.github.gsi4j.jlama.JlamaModel;

/**
 * A base-model and PRM server that behaves like a GPU: it speaks the subset of vLLM's OpenAI-compatible API
 * that GSI uses ({@code /v1/models}, {@code /tokenize} of a prompt or of chat messages, {@code /v1/completions}
 * for scoring with {@code echo}/{@code prompt_logprobs} and for sampling with {@code n}, and {@code /pooling} for a process
 * reward model), computes the numbers with a real Jlama model on the CPU, and answers no sooner than a
 * {@link GpuLatencyModel} says a GPU would. Concurrent requests are served in parallel, as vLLM's continuous
 * batching would (each request pays its own modelled time; the GPU is assumed not to be saturated).
 * <p>
 * Scoring computes each prompt token's log-probability under the base model, reusing the values of prefixes
 * it has scored before (they cannot change) so that the CPU keeps up with the modelled GPU; the modelled time
 * counts prefill as the latency model's prefix-caching setting says. The PRM is a stand-in: its reward for a
 * step is a pseudo-random number in [0, 1] fixed by the text it scores (the benchmarks measure cost, not
 * answer quality).
 * <p>
 * On a real deployment the base model's work costs the application host no CPU. Here it does, and on a small
 * machine it competes with the draft. With {@link #replayAnswers(boolean) replay} on, a request identical to
 * one answered before (same path and body) gets the same answer without computing it again, after the same
 * modelled time: a run primed with the same requests then charges the host only for what the application
 * does. Misses are computed as usual; replayed answers add to the request count and the modelled time, not to
 * the token counters.
 */
public final class GpuLikeServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String STEP_MARKER = "<extra_0>";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final JlamaModel base;
    private final JlamaBaseModel sampler;
    private final String modelName;
    private final GpuLatencyModel latency;
    private final ProposalDensity reported;
    private final PrefixLogProbs memo;
    private volatile int maxModelLen;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong modelledNanos = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile boolean replay;
    private final AtomicLong prefillTokens = new AtomicLong();
    private final AtomicLong decodeSteps = new AtomicLong();
    private final AtomicLong generatedTokens = new AtomicLong();

    /**
     * Serves {@code base} as {@code modelName} on an ephemeral loopback port.
     *
     * @param base the base model (not closed by this server)
     * @param modelName the name {@code /v1/models} lists
     * @param latency how long a GPU would take
     */
    public GpuLikeServer(JlamaModel base, String modelName, GpuLatencyModel latency) {
        this(base, modelName, latency, ProposalDensity.RAW);
    }

    /**
     * Serves {@code base} as {@code modelName}, reporting sampled tokens' {@code logprobs} as vLLM does in
     * {@code raw_logprobs} mode ({@link ProposalDensity#RAW}, vLLM's default) or {@code processed_logprobs}
     * mode ({@link ProposalDensity#EXACT}). A draft model can be served this way, too.
     */
    public GpuLikeServer(JlamaModel base, String modelName, GpuLatencyModel latency, ProposalDensity reported) {
        this(base, modelName, latency, reported, 0);
    }

    /** As {@link #GpuLikeServer(JlamaModel, String, GpuLatencyModel, ProposalDensity)}, on loopback port {@code port}. */
    public GpuLikeServer(JlamaModel base, String modelName, GpuLatencyModel latency, ProposalDensity reported, int port) {
        this.base = base;
        this.reported = reported;
        this.sampler = new JlamaBaseModel(base, false);
        this.modelName = modelName;
        this.latency = latency;
        this.memo = new PrefixLogProbs(base, 512);
        this.maxModelLen = base.contextLength();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The served model's name. */
    public String modelName() {
        return modelName;
    }

    /**
     * The context window this server reports ({@code max_model_len}) and enforces as vLLM does: a completion whose
     * prompt and {@code max_tokens} exceed it is answered 400. Default: the model's own context length.
     */
    public GpuLikeServer maxModelLen(int tokens) {
        this.maxModelLen = tokens;
        return this;
    }

    /**
     * Whether identical requests are answered from the answers given before (kept while on; cleared when
     * turned off).
     */
    public void replayAnswers(boolean on) {
        replay = on;
        if (!on) {
            answers.clear();
        }
    }

    /** How many requests were answered from earlier answers. */
    public long replayed() {
        return replayed.get();
    }

    private record Answer(int status, byte[] body, long modelledNanos) {
    }

    /** What the server did so far. */
    public Counters counters() {
        return new Counters(requests.get(), modelledNanos.get(), overruns.get(), prefillTokens.get(), decodeSteps.get(),
                generatedTokens.get());
    }

    /**
     * Counters of the server's work.
     *
     * @param requests HTTP requests answered
     * @param modelledNanos total modelled GPU time
     * @param overruns requests whose CPU computation took longer than their modelled time
     * @param prefillTokens prompt tokens processed (scoring, sampling and PRM)
     * @param decodeSteps decode steps of base sampling
     * @param generatedTokens tokens generated by base sampling (all sequences)
     */
    public record Counters(long requests, long modelledNanos, long overruns, long prefillTokens, long decodeSteps,
            long generatedTokens) {

        /** The work done between {@code before} and this. */
        public Counters minus(Counters before) {
            return new Counters(requests - before.requests, modelledNanos - before.modelledNanos,
                    overruns - before.overruns, prefillTokens - before.prefillTokens, decodeSteps - before.decodeSteps,
                    generatedTokens - before.generatedTokens);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long t0 = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readAllBytes();
            }
            String key = replay ? path + '\n' + new String(request, java.nio.charset.StandardCharsets.UTF_8) : null;
            Answer answer = key == null ? null : answers.get(key);
            if (answer != null) {
                replayed.incrementAndGet();
            } else {
                answer = answer(path, request);
                if (key != null && answer.status == 200) {
                    answers.put(key, answer);
                }
            }
            requests.incrementAndGet();
            modelledNanos.addAndGet(answer.modelledNanos);
            long wait = answer.modelledNanos - (System.nanoTime() - t0);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else if (answer.modelledNanos > 0) {
                overruns.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status, answer.body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer answer(String path, byte[] request) throws IOException {
        Reply reply;
        try {
            JsonNode body = request.length == 0 ? JSON.createObjectNode() : JSON.readTree(request);
            reply = switch (path) {
                case "/v1/models" -> new Reply(200, models(), 0);
                case "/tokenize" -> tokenize(body);
                case "/v1/completions" -> body.path("echo").asBoolean(false) ? score(body) : sample(body);
                case "/pooling" -> pooling(body);
                default -> new Reply(404, error("no route " + path, 404), 0);
            };
        } catch (RuntimeException e) {
            reply = new Reply(400, error(String.valueOf(e.getMessage()), 400), 0);
        }
        return new Answer(reply.status, JSON.writeValueAsBytes(reply.body), reply.modelledNanos);
    }

    private record Reply(int status, JsonNode body, long modelledNanos) {
    }

    private JsonNode models() {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        root.putArray("data").addObject().put("id", modelName).put("object", "model").put("max_model_len",
                maxModelLen);
        return root;
    }

    /** {@code /tokenize} of a prompt, or of chat {@code messages} rendered with the model's chat template. */
    private Reply tokenize(JsonNode body) {
        int[] ids = body.has("messages") ? base.encodeChat(chat(body.get("messages"))) : base.encode(body.path("prompt").asText());
        ObjectNode root = JSON.createObjectNode().put("count", ids.length).put("max_model_len", maxModelLen);
        ArrayNode tokens = root.putArray("tokens");
        Arrays.stream(ids).forEach(tokens::add);
        return new Reply(200, root, latency.nanos(ids.length, 0));
    }

    private static List<ChatMessage> chat(JsonNode messages) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : messages) {
            String content = m.path("content").asText();
            out.add(switch (m.path("role").asText()) {
                case "system" -> SystemMessage.from(content);
                case "assistant" -> AiMessage.from(content);
                default -> UserMessage.from(content);
            });
        }
        return out;
    }

    /** vLLM's check of a completion request against {@code max_model_len}. */
    private void checkLength(int promptTokens, int maxTokens) {
        if (promptTokens + maxTokens > maxModelLen) {
            throw new IllegalArgumentException("This model's maximum context length is " + maxModelLen + " tokens. However, "
                    + "you requested " + (promptTokens + maxTokens) + " tokens (" + promptTokens + " in the messages, "
                    + maxTokens + " in the completion). Please reduce the length of the messages or completion.");
        }
    }

    /** Scoring: every prompt token's log-probability, as vLLM's {@code prompt_logprobs} and {@code logprobs}. */
    private Reply score(JsonNode body) {
        List<int[]> prompts = prompts(body.get("prompt"));
        ObjectNode root = completion();
        ArrayNode choices = root.putArray("choices");
        long tokens = 0;
        int shared = prompts.get(0).length;
        for (int[] p : prompts) {
            int c = Arrays.mismatch(prompts.get(0), p);
            shared = Math.min(shared, c < 0 ? p.length : c);
        }
        for (int[] p : prompts) {
            checkLength(p.length, body.path("max_tokens").asInt(0));
        }
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i);
            double[] lp = memo.of(p);
            tokens += latency.prefixCaching() && i > 0 ? p.length - shared : p.length;
            ObjectNode choice = choices.addObject().put("index", i).put("text", "");
            ArrayNode promptLogprobs = choice.putArray("prompt_logprobs");
            ArrayNode tokenLogprobs = choice.putObject("logprobs").putArray("token_logprobs");
            promptLogprobs.addNull();
            tokenLogprobs.addNull();
            for (int t = 1; t < p.length; t++) {
                promptLogprobs.addObject().putObject(String.valueOf(p[t])).put("logprob", lp[t]).put("rank", 1);
                tokenLogprobs.add(lp[t]);
            }
            choice.put("finish_reason", "length").putNull("stop_reason");
        }
        prefillTokens.addAndGet(tokens);
        return new Reply(200, root, latency.nanos(tokens, body.path("max_tokens").asInt(0) > 0 ? 1 : 0));
    }

    /**
     * Sampling: n continuations of one prompt up to the stop string, seeded; with {@code logprobs}, each sampled
     * token's log-probability, raw or processed as this server reports them.
     */
    private Reply sample(JsonNode body) {
        int[] prompt = prompts(body.get("prompt")).get(0);
        checkLength(prompt.length, body.path("max_tokens").asInt(16));
        int n = body.path("n").asInt(1);
        String stop = body.path("stop").isArray() && !body.path("stop").isEmpty() ? body.get("stop").get(0).asText()
                : "\u0000\u0001";
        if (body.path("repetition_penalty").asDouble(1) != 1) {
            throw new IllegalArgumentException("this server samples without a repetition penalty");
        }
        SamplingParams params = new SamplingParams(body.path("temperature").asDouble(1), body.path("top_p").asDouble(1),
                Math.max(0, body.path("top_k").asInt(0)), body.path("max_tokens").asInt(16), stop, ProposalDensity.EXACT);
        List<StepCandidate> samples = sampler.sampleSteps(prompt, n, params, body.path("seed").asLong(0));
        List<double[]> logprobs = body.hasNonNull("logprobs") ? base.tokenLogProbs(prompt,
                samples.stream().map(StepCandidate::tokens).toList(), reported == ProposalDensity.EXACT ? params : null)
                : null;
        ObjectNode root = completion();
        ArrayNode choices = root.putArray("choices");
        int longest = 0;
        for (int i = 0; i < samples.size(); i++) {
            StepCandidate c = samples.get(i);
            longest = Math.max(longest, c.size());
            generatedTokens.addAndGet(c.size());
            ObjectNode choice = choices.addObject().put("index", i).put("text", c.text());
            ArrayNode ids = choice.putArray("token_ids");
            Arrays.stream(c.tokens()).forEach(ids::add);
            if (logprobs != null) {
                ArrayNode values = choice.putObject("logprobs").putArray("token_logprobs");
                Arrays.stream(logprobs.get(i)).forEach(values::add);
            }
            boolean atStop = !c.endsSequence() && c.text().endsWith(stop);
            choice.put("finish_reason", c.endsSequence() || atStop ? "stop" : "length");
            if (atStop) {
                choice.put("stop_reason", stop);
            } else {
                choice.putNull("stop_reason");
            }
        }
        prefillTokens.addAndGet(prompt.length);
        decodeSteps.addAndGet(longest);
        return new Reply(200, root, latency.nanos(prompt.length, longest));
    }

    /** A stand-in PRM: per input, one [p_wrong, p_right] pair per step marker, p_right fixed by the text. */
    private Reply pooling(JsonNode body) {
        ObjectNode root = JSON.createObjectNode().put("object", "list").put("model", "prm");
        ArrayNode data = root.putArray("data");
        long tokens = 0;
        JsonNode inputs = body.path("input");
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i).asText();
            tokens += input.length() / 4 + 1; // about four characters a token; the PRM's tokenizer is not modelled
            ArrayNode pairs = data.addObject().put("index", i).put("object", "pooling").putArray("data");
            int markers = Math.max(1, input.split(STEP_MARKER, -1).length - 1);
            for (int m = 0; m < markers; m++) {
                double r = reward(input, m);
                pairs.addArray().add(1 - r).add(r);
            }
        }
        prefillTokens.addAndGet(tokens);
        return new Reply(200, root, latency.nanos(tokens, 0));
    }

    /** The stand-in PRM's reward of step {@code m} of {@code input}: uniform in [0, 1], fixed by the text. */
    static double reward(String input, int m) {
        int end = 0;
        for (int k = 0; k <= m; k++) {
            int next = input.indexOf(STEP_MARKER, end);
            end = next < 0 ? input.length() : next + STEP_MARKER.length();
        }
        return new SplittableRandom(input.substring(0, end).hashCode() * 0x9E3779B97F4A7C15L).nextDouble();
    }

    private ObjectNode completion() {
        return JSON.createObjectNode().put("id", "cmpl-bench").put("object", "text_completion").put("model", modelName);
    }

    private static List<int[]> prompts(JsonNode prompt) {
        if (prompt == null || !prompt.isArray() || prompt.isEmpty()) {
            throw new IllegalArgumentException("prompt must be token ids or a list of token-id lists");
        }
        List<int[]> out = new ArrayList<>();
        if (prompt.get(0).isArray()) {
            prompt.forEach(p -> out.add(ids(p)));
        } else {
            out.add(ids(prompt));
        }
        return out;
    }

    private static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }

    private static JsonNode error(String message, int code) {
        return JSON.createObjectNode().put("object", "error").put("message", message).put("code", code);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
