package io.github.gsi4j.jlama;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;

import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;

/**
 * Jlama's own forward pass driven token by token: prefill with {@code batchForward}, one {@code forward}
 * per sampled token and candidate, one candidate after another, raw logits from the output layer. The
 * path for architectures the batched decoder does not run, and the reference the batched decoder is
 * tested and measured against. The caller ({@link JlamaModel}) holds the model's lock.
 */
final class JlamaSequential implements AutoCloseable {

    /** The most tokens one {@code batchForward} call processes (Jlama's own batch window is 256). */
    static final int PREFILL_CHUNK = 256;

    private final AbstractModel model;
    private final TokenText text;
    private final Set<Integer> endOfSequence;
    private final int vocabularySize;
    private final KvSessions<KvBufferCache.KvBuffer> sessions;
    private final AbstractTensor logitsBuffer;

    JlamaSequential(AbstractModel model, TokenText text, Set<Integer> endOfSequence, int kvCaches) {
        this.model = model;
        this.text = text;
        this.endOfSequence = endOfSequence;
        this.vocabularySize = model.getConfig().vocabularySize;
        KvBufferCache factory = new KvBufferCache(model);
        this.sessions = new KvSessions<>(factory::getEphemeralKvBuffer, kvCaches);
        this.logitsBuffer = model.makeDenseTensor(1, vocabularySize);
    }

    /** One candidate per stream after {@code prefix}, each decoded on its own from one prefill. */
    List<StepCandidate> sampleSteps(int[] prefix, int maxTokens, String delimiter, TokenSampler sampler,
            RandomGenerator[] streams) {
        KvSessions.Session<KvBufferCache.KvBuffer> session = prefill(prefix);
        List<StepCandidate> out = new ArrayList<>(streams.length);
        for (RandomGenerator random : streams) {
            out.add(sampleOne(session, prefix.length, maxTokens, delimiter, sampler, random));
        }
        return out;
    }

    private StepCandidate sampleOne(KvSessions.Session<KvBufferCache.KvBuffer> session, int start, int maxTokens,
            String delimiter, TokenSampler sampler, RandomGenerator random) {
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
     * Each token's log-probability after the prefix and the sequence's earlier tokens: under {@code sampler}'s
     * distribution, or at temperature 1 when it is null.
     */
    List<double[]> tokenLogProbs(int[] prefix, List<int[]> sequences, TokenSampler sampler) {
        KvSessions.Session<KvBufferCache.KvBuffer> session = prefill(prefix);
        List<double[]> out = new ArrayList<>(sequences.size());
        for (int[] y : sequences) {
            double[] values = new double[y.length];
            values[0] = logProbAt(session.lastLogits, y[0], sampler);
            for (int from = 0; from < y.length - 1; from += PREFILL_CHUNK) {
                int to = Math.min(y.length - 1, from + PREFILL_CHUNK);
                try (AbstractTensor hidden = model.batchForward(Arrays.copyOfRange(y, from, to), prefix.length + from,
                        session.kv)) {
                    for (int row = 0; row < to - from; row++) {
                        values[from + row + 1] = logProbAt(logits(hidden.slice(row)), y[from + row + 1], sampler);
                    }
                }
            }
            out.add(values);
        }
        return out;
    }

    private double logProbAt(float[] logits, int token, TokenSampler sampler) {
        return sampler == null ? TokenSampler.logSoftmaxAt(logits, vocabularySize, token)
                : sampler.logProbabilities(logits, vocabularySize)[token];
    }

    /** A session whose cache holds exactly {@code prefix}, with the logits after it. */
    private KvSessions.Session<KvBufferCache.KvBuffer> prefill(int[] prefix) {
        KvSessions.Session<KvBufferCache.KvBuffer> s = sessions.acquire(prefix);
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

    /** How many leading tokens of {@code prefix} one cache holds. */
    int longestCached(int[] prefix) {
        return sessions.longestCached(prefix);
    }

    /** KV caches alive. */
    int kvCaches() {
        return sessions.size();
    }

    @Override
    public void close() {
        sessions.close();
        logitsBuffer.close();
    }
}
