package io.github.gsi4j.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.vllm.api.CompletionRequest;
import io.github.gsi4j.vllm.api.PoolingRequest;
import io.github.gsi4j.vllm.api.TokenizeChatRequest;
import io.github.gsi4j.vllm.api.TokenizeRequest;

/**
 * A base-model and PRM server that behaves like a GPU: it speaks the subset of vLLM's OpenAI-compatible API that
 * GSI uses ({@code /v1/models} and {@code /tokenize} ({@link ServedModel}), {@code /v1/completions} for scoring and
 * sampling ({@link CompletionsEndpoint}), {@code /pooling} for a process reward model ({@link StandInPrm})) in the
 * {@code vllm.api} records, computes the numbers with a real Jlama model on the CPU, and answers no sooner than a
 * {@link GpuLatencyModel} says a GPU would. Concurrent requests are served in parallel, as vLLM's continuous
 * batching would (each request pays its own modelled time; the GPU is assumed not to be saturated). Bad requests
 * are answered 400 and unknown paths 404 with vLLM's error body.
 * <p>
 * On a real deployment the base model's work costs the application host no CPU. Here it does, and on a small
 * machine it competes with the draft. With {@link #replayAnswers(boolean) replay} on, a request identical to one
 * answered before (same path and body) gets the same answer without computing it again, after the same modelled
 * time ({@link ReplayCache}): a run primed with the same requests then charges the host only for what the
 * application does. Replayed answers add to the request count and the modelled time, not to the token counters.
 */
public final class GpuLikeServer implements AutoCloseable {

    /** Reads requests leniently (unknown fields ignored, a single value for a list); writes no null fields. */
    static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null)).build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ServedModel model;
    private final CompletionsEndpoint completions;
    private final StandInPrm prm;
    private final ReplayCache replay = new ReplayCache();

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong modelledNanos = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
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
     * {@code raw_logprobs} mode ({@link ProposalDensity#RAW}, vLLM's default) or {@code processed_logprobs} mode
     * ({@link ProposalDensity#EXACT}). A draft model can be served this way, too.
     */
    public GpuLikeServer(JlamaModel base, String modelName, GpuLatencyModel latency, ProposalDensity reported) {
        this(base, modelName, latency, reported, 0);
    }

    /** As {@link #GpuLikeServer(JlamaModel, String, GpuLatencyModel, ProposalDensity)}, on loopback port {@code port}. */
    public GpuLikeServer(JlamaModel base, String modelName, GpuLatencyModel latency, ProposalDensity reported, int port) {
        this.model = new ServedModel(base, modelName, latency);
        this.completions = new CompletionsEndpoint(model, base, latency, reported);
        this.prm = new StandInPrm(latency);
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
        return model.name();
    }

    /**
     * The context window this server reports ({@code max_model_len}) and enforces as vLLM does: a completion whose
     * prompt and {@code max_tokens} exceed it is answered 400. Default: the model's own context length.
     */
    public GpuLikeServer maxModelLen(int tokens) {
        model.maxModelLen(tokens);
        return this;
    }

    /**
     * Whether identical requests are answered from the answers given before (kept while on; cleared when turned
     * off).
     */
    public void replayAnswers(boolean on) {
        replay.enable(on);
    }

    /** How many requests were answered from earlier answers. */
    public long replayed() {
        return replay.replayed();
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
            ReplayCache.Answer answer = replay.answer(path, request, () -> compute(path, request));
            requests.incrementAndGet();
            modelledNanos.addAndGet(answer.modelledNanos());
            long wait = answer.modelledNanos() - (System.nanoTime() - t0);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else if (answer.modelledNanos() > 0) {
                overruns.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Computes the answer, counts its work and serialises it. */
    private ReplayCache.Answer compute(String path, byte[] request) {
        Reply reply;
        try {
            reply = route(path, request.length == 0 ? JSON.createObjectNode() : JSON.readTree(request));
        } catch (JsonProcessingException e) {
            reply = Reply.error(400, "invalid request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array
        } catch (RuntimeException e) {
            reply = Reply.error(400, String.valueOf(e.getMessage()));
        }
        prefillTokens.addAndGet(reply.work().prefillTokens());
        decodeSteps.addAndGet(reply.work().decodeSteps());
        generatedTokens.addAndGet(reply.work().generatedTokens());
        try {
            return new ReplayCache.Answer(reply.status(), JSON.writeValueAsBytes(reply.body()), reply.modelledNanos());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply route(String path, JsonNode body) throws IOException {
        return switch (path) {
            case "/v1/models" -> model.models();
            case "/tokenize" -> body.has("messages") ? model.tokenize(JSON.treeToValue(body, TokenizeChatRequest.class))
                    : model.tokenize(JSON.treeToValue(body, TokenizeRequest.class));
            case "/v1/completions" -> completions.answer(JSON.treeToValue(body, CompletionRequest.class));
            case "/pooling" -> prm.pooling(JSON.treeToValue(body, PoolingRequest.class));
            default -> Reply.error(404, "no route " + path);
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
