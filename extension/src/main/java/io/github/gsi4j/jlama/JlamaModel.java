package io.github.gsi4j.jlama;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.tjake.jlama.model.AbstractModel;

import dev.langchain4j.data.message.ChatMessage;
import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;
import io.github.gsi4j.tokenizer.ChatTokenizer;
import io.github.gsi4j.tokenizer.TokenizerProbe;

/**
 * A Jlama model: its tokenizer and chat template, and sampling and scoring with exact log-densities. For
 * the Llama and Qwen2 architectures the weights are packed for the batched decoder ({@link BatchedEngine}):
 * after one prefill of the prompt, the n candidates of a call decode together, one forward pass per
 * position for all candidates still running, each with its own random stream split from the call's source.
 * Other architectures, and {@link #sampleStepsSequentially}, run Jlama's own forward pass token by token,
 * one candidate after another ({@link JlamaSequential}). Either way the logits are sampled by our own
 * {@link TokenSampler}, so every reported log-probability is exact. The shared code of
 * {@link JlamaDraftModel} and {@link JlamaBaseModel}.
 *
 * <p>
 * <b>Thread safety:</b> the model's working buffers and KV caches are not safe for concurrent use,
 * so every call runs under one fair lock per instance, and the KV caches are reused across a request's
 * steps. Callers overlap their HTTP waits and reward scoring with this model's work. For drafts of
 * concurrent requests to overlap as well, give {@link JlamaDraftModel} several instances of the same
 * model.
 *
 * <p>
 * <b>KV reuse:</b> the prompt is prefilled once per call and all n candidates continue from its
 * cache (on the batched path each candidate keeps its own positions in a cache of its own; on the
 * sequential path each overwrites positions from |prefix| on, and attention reads only positions up to
 * the current one). A few caches are kept with the tokens they hold, so the next step of a request
 * prefills only the tokens accepted since.
 */
public final class JlamaModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JlamaModel.class);

    /** The most tokens one prefill forward pass processes. */
    static final int PREFILL_CHUNK = JlamaSequential.PREFILL_CHUNK;

    /**
     * Candidates decoded together before a call waiting for this model gets its turn: large enough that
     * the batched decoder's matrix products stay efficient, small enough that a call with n = 64 does not
     * hold the model for its whole step.
     */
    static final int BATCHED_TURN = 16;

    private final Path folder;
    private final Path workingDirectory;
    /** Jlama's model; null for quantized weights, which only the batched decoder runs (freed after loading). */
    private final AbstractModel model;
    private final TokenText text;
    private final ChatTokenizer tokenizer;
    private final int vocabularySize;
    private final int contextLength;
    private final Set<Integer> endOfSequence;
    private final ModelLock lock;
    /** Jlama's forward pass, one candidate at a time; null for quantized weights. */
    private final JlamaSequential sequential;
    /** The batched decoder; null for architectures it does not run. */
    private final BatchedEngine batched;
    private final DraftQuantization quantization;

    private final int kvCaches;

    /** @param shared packed weights of another instance of the same folder and quantization, or null */
    JlamaModel(Path folder, Path workingDirectory, AbstractModel model, ChatTokenizer tokenizer, int kvCaches,
            DraftQuantization quantization, TransformerWeights shared) {
        this.folder = folder;
        this.lock = new ModelLock(String.valueOf(folder.getFileName()));
        this.tokenizer = tokenizer;
        this.workingDirectory = workingDirectory;
        this.vocabularySize = model.getConfig().vocabularySize;
        this.contextLength = model.getConfig().contextLength;
        this.endOfSequence = Set.copyOf(model.getConfig().eosTokens);
        this.text = new TokenText(model.getTokenizer().getModel(), vocabularySize);
        this.quantization = quantization;
        this.kvCaches = kvCaches;
        Optional<String> unsupported = TransformerWeights.unsupported(model);
        if (unsupported.isPresent()) {
            if (quantization != DraftQuantization.NONE) {
                throw new IllegalArgumentException("Jlama model " + folder + " cannot be quantized as " + quantization
                        + ": " + unsupported.get());
            }
            LOG.info("Jlama model {} runs on Jlama's forward pass, one candidate after another: {}", folder,
                    unsupported.get());
            this.batched = null;
        } else if (shared != null) {
            this.batched = new BatchedEngine(model, shared, text, endOfSequence, kvCaches);
        } else {
            long t0 = System.nanoTime();
            this.batched = new BatchedEngine(model, TransformerWeights.load(model, folder, quantization), text,
                    endOfSequence, kvCaches);
            LOG.info("Jlama model {} packed for the batched decoder: {} weights, {} MiB, in {} ms", folder,
                    batched.format(), batched.weightBytes() >> 20, (System.nanoTime() - t0) / 1_000_000);
        }
        if (batched != null && batched.format().quantized()) {
            // Jlama's forward pass cannot run these weights: its model (rotary tables of the whole context,
            // tokenizer, mapped files) would only take memory
            model.close();
            this.model = null;
            this.sequential = null;
        } else {
            this.model = model;
            this.sequential = new JlamaSequential(model, text, endOfSequence, kvCaches);
        }
    }

    /**
     * Loads the model in {@code folder} with F32 working memory and its weights as stored, after checking
     * the folder.
     *
     * @param folder a folder checked by {@link JlamaModelLoader#checkFolder(Path)}
     * @param kvCaches how many KV caches to keep for prefix reuse across calls (at least 1)
     */
    public static JlamaModel load(Path folder, int kvCaches) {
        return load(folder, kvCaches, DraftQuantization.NONE);
    }

    /**
     * Loads the model in {@code folder}, its weights held as {@code quantization} says: the batched decoder
     * samples and scores with the quantized weights, so reported log-densities are exact for the model
     * actually run.
     *
     * @param folder a folder checked by {@link JlamaModelLoader#checkFolder(Path)}
     * @param kvCaches how many KV caches to keep for prefix reuse across calls (at least 1)
     * @param quantization {@link DraftQuantization#NONE}, or Q8 / Q4 (Llama and Qwen2 architectures only)
     * @throws IllegalArgumentException for a bad folder, or a quantization the model cannot take
     */
    public static JlamaModel load(Path folder, int kvCaches, DraftQuantization quantization) {
        return JlamaModelLoader.load(folder, kvCaches, quantization, null);
    }

    /**
     * Another instance of this model (same folder, quantization and number of KV caches) for concurrent
     * drafting: its own KV caches, working buffers and Jlama model, but the packed weights of this one, so a
     * replica costs little memory.
     */
    public JlamaModel replica() {
        return JlamaModelLoader.load(folder, kvCaches, quantization, batched == null ? null : batched.weights());
    }

    /** Loads the model in {@code folder} keeping 4 KV caches. */
    public static JlamaModel load(Path folder) {
        return load(folder, 4);
    }

    /** The folder the model was loaded from. */
    public Path folder() {
        return folder;
    }

    /** The model's name for messages: its folder's name, never the folder's path. */
    public String name() {
        return String.valueOf(folder.getFileName());
    }

    /** The UTF-8 length of the vocabulary's longest token: a text of B bytes has at least B / this many tokens. */
    public int longestTokenBytes() {
        return tokenizer.tokenizer().longestTokenBytes();
    }

    /** The number of output logits (the configured vocabulary, padding included). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** The most tokens a sequence (prompt and output) may have. */
    public int contextLength() {
        return contextLength;
    }

    /**
     * The underlying Jlama model (expert use; not thread-safe).
     *
     * @throws IllegalStateException for quantized weights: the model keeps no Jlama model then (Jlama's forward
     *         pass does not run them)
     */
    public AbstractModel jlama() {
        if (model == null) {
            throw new IllegalStateException("Jlama model " + name() + " holds quantized weights for the batched"
                    + " decoder only; it keeps no Jlama model");
        }
        return model;
    }

    /** Whether sampling and scoring run on the batched decoder (Llama and Qwen2) rather than Jlama's forward pass. */
    public boolean batched() {
        return batched != null;
    }

    /** How the batched decoder holds the weights. */
    public DraftQuantization quantization() {
        return quantization;
    }

    /** Bytes of weights the batched decoder holds in memory (0 on Jlama's forward pass). */
    public long weightBytes() {
        return batched == null ? 0 : batched.weightBytes();
    }

    /** The folder's tokenizer and chat template (Hugging Face's encoding; thread-safe). */
    public ChatTokenizer tokenizer() {
        return tokenizer;
    }

    /** Token ids of {@code input}, without BOS (as Hugging Face's {@code encode(add_special_tokens=False)}). */
    public int[] encode(String input) {
        return tokenizer.encode(input);
    }

    /** The text of token ids (special tokens have none). */
    public String decode(int[] tokens) {
        return text.decode(tokens);
    }

    /**
     * The prompt ids of chat messages, rendered with the model's own chat template for the assistant's turn
     * (see {@link ChatPrompts#encode}).
     *
     * @throws IllegalArgumentException for an empty list or messages other than system, user and AI text
     */
    public int[] encodeChat(List<ChatMessage> messages) {
        return ChatPrompts.encode(tokenizer, messages, contextLength);
    }

    /**
     * Checks that {@code other} uses the same tokenizer ({@link TokenizerProbe#requireSame}).
     *
     * @throws GsiTokenizerMismatchException naming both models
     */
    public void checkSameTokenizer(JlamaModel other, String thisRole, String otherRole) {
        TokenizerProbe.requireSame(tokenizer, thisRole, other.tokenizer, otherRole);
    }

    /**
     * Samples {@code n} steps after {@code prefix}, all from one prefill of the prefix: together on the
     * batched decoder where the architecture allows, else one after another. Candidate c samples with a
     * stream seeded by the c-th {@code nextLong()} of {@code random}, so its result does not depend on the
     * other candidates, on their order or on the path.
     *
     * @see io.github.gsi4j.core.DraftModel#sampleSteps
     */
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
        return sample(prefix, n, params, random, batched != null);
    }

    /**
     * The same as {@link #sampleSteps} on Jlama's own forward pass, one token of one candidate at a time:
     * the reference the batched decoder is tested and measured against.
     *
     * @throws IllegalStateException for a quantized model (Jlama's forward pass runs the unquantized weights)
     */
    public List<StepCandidate> sampleStepsSequentially(int[] prefix, int n, SamplingParams params,
            RandomGenerator random) {
        if (quantization != DraftQuantization.NONE || batched != null && batched.format().quantized()) {
            throw new IllegalStateException("Jlama's forward pass does not run the quantized weights of " + folder);
        }
        return sample(prefix, n, params, random, false);
    }

    private List<StepCandidate> sample(int[] prefix, int n, SamplingParams params, RandomGenerator random,
            boolean useBatched) {
        checkPrefix(prefix);
        int maxTokens = Math.min(params.maxTokens(), contextLength - prefix.length);
        TokenSampler sampler = new TokenSampler(params);
        RandomGenerator[] streams = streams(random, n);
        int turn = useBatched ? BATCHED_TURN : 1;
        return lock.call(() -> {
            List<StepCandidate> out = new ArrayList<>(n);
            for (int from = 0; from < n; from += turn) {
                if (from > 0) {
                    // a call waiting for this model goes first, so a big n cannot hold it for long; each
                    // candidate has its own stream, so the split does not change any candidate
                    lock.yieldTurn();
                }
                RandomGenerator[] part = Arrays.copyOfRange(streams, from, Math.min(n, from + turn));
                out.addAll(useBatched ? batched.sampleSteps(prefix, maxTokens, params.stepDelimiter(), sampler, part)
                        : sequential.sampleSteps(prefix, maxTokens, params.stepDelimiter(), sampler, part));
            }
            return out;
        });
    }

    /** One stream per candidate, each seeded by the next {@code nextLong()} of the call's source. */
    static RandomGenerator[] streams(RandomGenerator random, int n) {
        RandomGenerator[] out = new RandomGenerator[n];
        for (int c = 0; c < n; c++) {
            out[c] = new SplittableRandom(random.nextLong());
        }
        return out;
    }

    /**
     * log πB(candidate | prefix) at temperature 1 for each candidate, from one prefill of the prefix;
     * each candidate's positions are computed in batches of at most {@link #PREFILL_CHUNK} tokens.
     */
    double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
        List<double[]> perToken = tokenLogProbs(prefix, candidates.stream().map(StepCandidate::tokens).toList());
        double[] out = new double[perToken.size()];
        for (int c = 0; c < out.length; c++) {
            for (double v : perToken.get(c)) { // in token order, as the draft sums its own
                out[c] += v;
            }
        }
        return out;
    }

    /**
     * Each token's log-probability at temperature 1 given the prefix and the sequence's earlier tokens (what
     * vLLM returns as {@code prompt_logprobs}), for each sequence, from one prefill of the prefix.
     *
     * @param prefix at least one token
     * @param sequences non-empty token sequences continuing the prefix
     * @return per sequence, one value per token
     */
    public List<double[]> tokenLogProbs(int[] prefix, List<int[]> sequences) {
        return tokenLogProbs(prefix, sequences, null);
    }

    /**
     * Each token's log-probability under the sampling distribution of {@code under} (temperature, top-k and
     * top-p applied and renormalised; 0 for greedy sampling), or at temperature 1 when {@code under} is null:
     * what vLLM reports as {@code logprobs} of sampled tokens in {@code processed_logprobs} and
     * {@code raw_logprobs} mode.
     *
     * @see #tokenLogProbs(int[], List)
     */
    public List<double[]> tokenLogProbs(int[] prefix, List<int[]> sequences, SamplingParams under) {
        checkPrefix(prefix);
        for (int[] y : sequences) {
            if (y.length == 0 || prefix.length + y.length > contextLength) {
                throw new IllegalArgumentException("a sequence of " + y.length + " tokens after a prefix of "
                        + prefix.length + " must be non-empty and fit the context window of " + contextLength
                        + " of model " + name());
            }
        }
        if (under != null && under.temperature() == 0) {
            return sequences.stream().map(y -> new double[y.length]).toList();
        }
        TokenSampler sampler = under == null ? null : new TokenSampler(under);
        return lock.call(() -> batched != null ? batched.tokenLogProbs(prefix, sequences, sampler)
                : sequential.tokenLogProbs(prefix, sequences, sampler));
    }

    private void checkPrefix(int[] prefix) {
        if (prefix.length == 0) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        if (prefix.length >= contextLength) {
            throw new IllegalArgumentException("prefix of " + prefix.length + " tokens fills the context window of "
                    + contextLength + " of model " + name());
        }
    }

    /**
     * How many leading tokens of {@code prefix} one of this model's KV caches already holds, or -1 when
     * the model is busy (the call does not wait).
     */
    int cachedPrefixLength(int[] prefix) {
        return lock.callIfFree(() -> batched != null ? batched.longestCached(prefix) : sequential.longestCached(prefix),
                -1);
    }

    /** How many KV caches this model holds (for leak checks). */
    int kvCaches() {
        return lock.call(() -> batched != null ? batched.kvCaches() : sequential.kvCaches());
    }

    @Override
    public void close() {
        try {
            lock.runUninterruptibly(() -> {
                if (sequential != null) {
                    sequential.close();
                    model.close();
                }
                if (batched != null) {
                    batched.close();
                }
            });
        } finally {
            JlamaModelLoader.deleteQuietly(workingDirectory);
        }
    }

    @Override
    public String toString() {
        return "JlamaModel[" + folder + "]";
    }
}
