package io.github.gsi4j.jlama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;

import dev.langchain4j.data.message.ChatMessage;
import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;
import io.github.gsi4j.tokenizer.ChatTokenizer;
import io.github.gsi4j.tokenizer.TokenizerProbe;

/**
 * A Jlama model driven token by token: prefill with {@code batchForward}, one {@code forward} per
 * sampled token, raw logits taken from the output layer and sampled by our own {@link TokenSampler},
 * so every reported log-probability is exact. The shared code of {@link JlamaDraftModel} and
 * {@link JlamaBaseModel}.
 *
 * <p><b>Thread safety:</b> a Jlama model instance and its KV caches are not safe for concurrent use,
 * so every call runs under one fair lock per instance, and the KV caches are reused across a request's
 * steps. Callers overlap their HTTP waits and reward scoring with this model's work. For drafts of
 * concurrent requests to overlap as well, give {@link JlamaDraftModel} several instances of the same
 * model: Jlama's forward pass spreads over the cores, but for small models its per-token synchronisation
 * leaves most of them idle, which a second instance's work fills.
 *
 * <p><b>KV reuse:</b> the prompt is prefilled once per call and all n candidates continue from its
 * cache, each overwriting positions from |prefix| on (attention reads only positions up to the current
 * one, so a candidate never sees another's tokens). A few caches are kept with the tokens they hold,
 * so the next step of a request prefills only the tokens accepted since.
 */
public final class JlamaModel implements AutoCloseable {

    /** The most tokens one {@code batchForward} call processes (Jlama's own batch window is 256). */
    static final int PREFILL_CHUNK = 256;

    private final Path folder;
    private final Path workingDirectory;
    private final AbstractModel model;
    private final TokenText text;
    private final ChatTokenizer tokenizer;
    private final int vocabularySize;
    private final int contextLength;
    private final Set<Integer> endOfSequence;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final KvSessions sessions;
    private final AbstractTensor logitsBuffer;

    private JlamaModel(Path folder, Path workingDirectory, AbstractModel model, ChatTokenizer tokenizer, int kvCaches) {
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.workingDirectory = workingDirectory;
        this.model = model;
        this.vocabularySize = model.getConfig().vocabularySize;
        this.contextLength = model.getConfig().contextLength;
        this.endOfSequence = Set.copyOf(model.getConfig().eosTokens);
        this.text = new TokenText(model.getTokenizer().getModel(), vocabularySize);
        this.sessions = new KvSessions(new KvBufferCache(model), kvCaches);
        this.logitsBuffer = model.makeDenseTensor(1, vocabularySize);
    }

    /**
     * Loads the model in {@code folder} with F32 working memory, after checking the folder.
     *
     * @param folder a folder checked by {@link JlamaModelLoader#checkFolder(Path)}
     * @param kvCaches how many KV caches to keep for prefix reuse across calls (at least 1)
     */
    public static JlamaModel load(Path folder, int kvCaches) {
        JlamaModelLoader.checkFolder(folder);
        if (kvCaches < 1) {
            throw new IllegalArgumentException("kvCaches must be at least 1, was " + kvCaches);
        }
        // the folder's own tokenizer and chat template, read as Hugging Face reads them (Jlama's are not)
        ChatTokenizer tokenizer = ChatTokenizer.load(folder);
        // Jlama makes a new temporary folder per model when given none; ours is removed on close. Only
        // Jlama's own session caches write there (this class uses in-memory caches), so it stays empty.
        Path workingDirectory;
        try {
            workingDirectory = Files.createTempDirectory("gsi4j-jlama-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a working folder for Jlama model " + folder, e);
        }
        try {
            AbstractModel model = ModelSupport.loadModel(AbstractModel.InferenceType.FULL_GENERATION, folder.toFile(),
                    workingDirectory.toFile(), DType.F32, DType.F32, Optional.empty(), Optional.empty(),
                    Optional.empty(), com.github.tjake.jlama.safetensors.SafeTensorSupport::loadWeights);
            return new JlamaModel(folder, workingDirectory, model, tokenizer, kvCaches);
        } catch (RuntimeException e) {
            deleteQuietly(workingDirectory);
            throw e;
        }
    }

    /** Loads the model in {@code folder} keeping 4 KV caches. */
    public static JlamaModel load(Path folder) {
        return load(folder, 4);
    }

    /** The folder the model was loaded from. */
    public Path folder() {
        return folder;
    }

    /** The number of output logits (the configured vocabulary, padding included). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** The most tokens a sequence (prompt and output) may have. */
    public int contextLength() {
        return contextLength;
    }

    /** The underlying Jlama model (expert use; not thread-safe). */
    public AbstractModel jlama() {
        return model;
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
     * Samples {@code n} steps after {@code prefix}, all from one prefill of the prefix.
     *
     * @see io.github.gsi4j.core.DraftModel#sampleSteps
     */
    List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
        checkPrefix(prefix);
        int maxTokens = Math.min(params.maxTokens(), contextLength - prefix.length);
        TokenSampler sampler = new TokenSampler(params);
        lock.lock();
        try {
            KvSessions.Session session = prefill(prefix);
            List<StepCandidate> out = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                out.add(sampleOne(session, prefix.length, maxTokens, params.stepDelimiter(), sampler, random));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private StepCandidate sampleOne(KvSessions.Session session, int start, int maxTokens, String delimiter,
            TokenSampler sampler, RandomGenerator random) {
        TokenText.StepEnd stepEnd = text.new StepEnd(delimiter);
        int[] tokens = new int[Math.min(maxTokens, 64)];
        int size = 0;
        double logProb = 0;
        float[] logits = session.lastLogits;
        while (true) {
            TokenSampler.Draw draw = sampler.sample(logits, vocabularySize, random);
            if (size == tokens.length) {
                tokens = Arrays.copyOf(tokens, Math.min(maxTokens, 2 * size));
            }
            tokens[size++] = draw.token();
            logProb += draw.logProb();
            boolean eos = endOfSequence.contains(draw.token());
            if (eos || stepEnd.append(draw.token()) || size >= maxTokens) {
                int[] step = Arrays.copyOf(tokens, size);
                return new StepCandidate(step, text.decode(step), logProb, eos);
            }
            logits = forward(draw.token(), start + size - 1, session.kv);
        }
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
        TokenSampler sampler = under == null || under.temperature() == 0 ? null : new TokenSampler(under);
        boolean greedy = under != null && under.temperature() == 0;
        lock.lock();
        try {
            KvSessions.Session session = prefill(prefix);
            List<double[]> out = new ArrayList<>(sequences.size());
            for (int[] y : sequences) {
                if (y.length == 0 || prefix.length + y.length > contextLength) {
                    throw new IllegalArgumentException("a sequence of " + y.length + " tokens after a prefix of "
                            + prefix.length + " must be non-empty and fit the context window of " + contextLength
                            + " of model " + folder);
                }
                double[] values = new double[y.length];
                if (greedy) {
                    out.add(values);
                    continue;
                }
                values[0] = logProbAt(session.lastLogits, y[0], sampler);
                for (int from = 0; from < y.length - 1; from += PREFILL_CHUNK) {
                    int to = Math.min(y.length - 1, from + PREFILL_CHUNK);
                    try (AbstractTensor hidden = model.batchForward(Arrays.copyOfRange(y, from, to),
                            prefix.length + from, session.kv)) {
                        for (int row = 0; row < to - from; row++) {
                            values[from + row + 1] = logProbAt(logits(hidden.slice(row)), y[from + row + 1], sampler);
                        }
                    }
                }
                out.add(values);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private double logProbAt(float[] logits, int token, TokenSampler sampler) {
        return sampler == null ? TokenSampler.logSoftmaxAt(logits, vocabularySize, token)
                : sampler.logProbabilities(logits, vocabularySize)[token];
    }

    /** A session whose cache holds exactly {@code prefix}, with the logits after it. */
    private KvSessions.Session prefill(int[] prefix) {
        KvSessions.Session s = sessions.acquire(prefix);
        int common = KvSessions.commonPrefix(s.tokens, prefix);
        if (common == prefix.length && s.tokens.length == prefix.length && s.lastLogits != null) {
            return s;
        }
        int from = Math.min(common, prefix.length - 1); // recompute at least the last token for its logits
        float[] last = null;
        for (int start = from; start < prefix.length; start += PREFILL_CHUNK) {
            int end = Math.min(prefix.length, start + PREFILL_CHUNK);
            try (AbstractTensor hidden = model.batchForward(Arrays.copyOfRange(prefix, start, end), start, s.kv)) {
                if (end == prefix.length) {
                    last = logits(hidden.slice(end - start - 1));
                }
            }
        }
        s.tokens = prefix.clone();
        s.lastLogits = last;
        return s;
    }

    private float[] forward(int token, int position, KvBufferCache.KvBuffer kv) {
        try (AbstractTensor hidden = model.forward(token, position, kv, Optional.empty())) {
            return logits(hidden);
        }
    }

    /**
     * The output layer's raw logits for one hidden state. Jlama's {@code sample} with temperature 0
     * leaves the final logits (with the model's logit scaling and soft-capping) in the buffer and
     * returns the arg-max, so it serves as the public route to exact logits.
     */
    private float[] logits(AbstractTensor hiddenRow) {
        model.sample(hiddenRow, 0f, 0f, logitsBuffer);
        float[] out = new float[vocabularySize];
        logitsBuffer.getMemorySegment().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private void checkPrefix(int[] prefix) {
        if (prefix.length == 0) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        if (prefix.length >= contextLength) {
            throw new IllegalArgumentException("prefix of " + prefix.length + " tokens fills the context window of "
                    + contextLength + " of model " + folder);
        }
    }

    /**
     * How many leading tokens of {@code prefix} one of this model's KV caches already holds, or -1 when
     * the model is busy (the call does not wait).
     */
    int cachedPrefixLength(int[] prefix) {
        if (!lock.tryLock()) {
            return -1;
        }
        try {
            return sessions.longestCached(prefix);
        } finally {
            lock.unlock();
        }
    }

    /** How many KV caches this model holds (for leak checks). */
    int kvCaches() {
        lock.lock();
        try {
            return sessions.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            sessions.close();
            logitsBuffer.close();
            model.close();
        } finally {
            lock.unlock();
            deleteQuietly(workingDirectory);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover empty folder in the temp directory
        }
    }

    @Override
    public String toString() {
        return "JlamaModel[" + folder + "]";
    }
}
