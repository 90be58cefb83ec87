package io.github.gsi4j.jlama;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import com.github.tjake.jlama.model.AbstractModel;

import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;

/**
 * The batched decoder of one model: its packed weights, forward pass, candidate decoder and a few KV
 * caches reused across calls (a request's next step prefills only the tokens accepted since). Prefill and
 * scoring run the prompt's or a candidate's positions as the rows of one forward pass, in chunks of
 * {@value #ROWS} positions. The caller ({@link JlamaModel}) holds the model's lock.
 */
final class BatchedEngine implements AutoCloseable {

    /** Positions per forward pass of a prefill or a scoring run. */
    static final int ROWS = 128;
    /** Rows of logits computed at once when scoring (16 rows of a 150 000-token vocabulary: 10 MB). */
    private static final int LOGIT_ROWS = 16;

    private final TransformerWeights weights;
    private final Transformer transformer;
    private final BatchedDecoder decoder;
    private final KvSessions<KvCache> sessions;
    private final int vocabularySize;
    /** The logits of {@link #tokenLogProbs}' rows, kept between calls (calls are serialised by the model's lock). */
    private float[] scoreLogits = new float[0];
    /** The sampler's working arrays, one per scoring task (calls are serialised by the model's lock). */
    private final TokenSampler.Scratch[] scratch = Stream.generate(TokenSampler.Scratch::new)
            .limit(Runtime.getRuntime().availableProcessors()).toArray(TokenSampler.Scratch[]::new);

    /**
     * @param weights the packed weights ({@link TransformerWeights#load}), shared by the replicas of a model
     */
    BatchedEngine(AbstractModel model, TransformerWeights weights, TokenText text, Set<Integer> endOfSequence,
            int kvCaches) {
        this.weights = weights;
        this.transformer = new Transformer(weights);
        this.vocabularySize = model.getConfig().vocabularySize;
        this.decoder = new BatchedDecoder(transformer, text, endOfSequence, vocabularySize);
        this.sessions = new KvSessions<>(() -> transformer.newCache(0, ROWS), kvCaches);
    }

    /** How the weights are held. */
    PackedMatrix.Format format() {
        return weights.format;
    }

    TransformerWeights weights() {
        return weights;
    }

    /** Bytes of packed weights. */
    long weightBytes() {
        return weights.bytes();
    }

    /** One candidate per stream after {@code prefix} (see {@link BatchedDecoder}). */
    List<StepCandidate> sampleSteps(int[] prefix, int maxTokens, String delimiter, TokenSampler sampler,
            RandomGenerator[] streams) {
        KvSessions.Session<KvCache> s = prefill(prefix);
        return decoder.sample(s.kv, prefix.length, s.lastLogits, maxTokens, delimiter, sampler, streams);
    }

    /**
     * Each token's log-probability after the prefix and the sequence's earlier tokens: under {@code sampler}'s
     * distribution, or at temperature 1 when it is null.
     */
    List<double[]> tokenLogProbs(int[] prefix, List<int[]> sequences, TokenSampler sampler) {
        KvSessions.Session<KvCache> s = prefill(prefix);
        List<double[]> out = new ArrayList<>(sequences.size());
        int stride = transformer.vocabularyStride;
        if (scoreLogits.length < LOGIT_ROWS * stride) {
            scoreLogits = new float[LOGIT_ROWS * stride];
        }
        float[] logits = scoreLogits;
        for (int[] y : sequences) {
            double[] values = new double[y.length];
            values[0] = logProb(s.lastLogits, 0, y[0], sampler, scratch[0]);
            KvCache own = transformer.borrowCache(prefix.length, Math.min(y.length, ROWS));
            for (int from = 0; from < y.length - 1; from += ROWS) {
                int to = Math.min(y.length - 1, from + ROWS);
                int[] tokens = Arrays.copyOfRange(y, from, to);
                int[] positions = new int[tokens.length];
                KvCache[] caches = new KvCache[tokens.length];
                for (int i = 0; i < tokens.length; i++) {
                    positions[i] = prefix.length + from + i;
                    caches[i] = own;
                }
                ForwardBatch b = ForwardBatch.continuing(tokens, positions, s.kv, prefix.length, caches);
                float[] x = transformer.embed(b);
                transformer.forward(b, x);
                for (int r0 = 0; r0 < tokens.length; r0 += LOGIT_ROWS) {
                    int count = Math.min(LOGIT_ROWS, tokens.length - r0);
                    transformer.logits(x, r0, count, logits);
                    int base = from + r0;
                    int tasks = Math.min(count, scratch.length);
                    Workers.run(tasks, t -> {
                        for (int r = count * t / tasks; r < count * (t + 1) / tasks; r++) {
                            values[base + r + 1] = logProb(logits, r * stride, y[base + r + 1], sampler, scratch[t]);
                        }
                    });
                }
            }
            transformer.giveBack(own);
            out.add(values);
        }
        return out;
    }

    private double logProb(float[] logits, int offset, int token, TokenSampler sampler, TokenSampler.Scratch scratch) {
        return sampler == null ? TokenSampler.logSoftmaxAt(logits, offset, vocabularySize, token)
                : sampler.logProbability(logits, offset, vocabularySize, token, scratch);
    }

    /** A session whose cache holds exactly {@code prefix}, with the logits after it. */
    private KvSessions.Session<KvCache> prefill(int[] prefix) {
        KvSessions.Session<KvCache> s = sessions.acquire(prefix);
        int common = KvSessions.commonPrefix(s.tokens, prefix);
        if (common == prefix.length && s.tokens.length == prefix.length && s.lastLogits != null) {
            return s;
        }
        int from = Math.min(common, prefix.length - 1); // recompute at least the last token for its logits
        s.kv.truncate(from);
        // the session's own array when it has one: the logits after its old prefix are not needed any more
        float[] last = s.lastLogits != null ? s.lastLogits : new float[transformer.vocabularyStride];
        s.lastLogits = null; // until the new prefix is in: a failure part of the way must not leave stale logits
        for (int start = from; start < prefix.length; start += ROWS) {
            int end = Math.min(prefix.length, start + ROWS);
            ForwardBatch b = ForwardBatch.prefill(Arrays.copyOfRange(prefix, start, end), start, s.kv);
            float[] x = transformer.embed(b);
            transformer.forward(b, x);
            if (end == prefix.length) {
                transformer.logits(x, end - start - 1, 1, last);
            }
        }
        s.tokens = prefix.clone();
        s.lastLogits = last;
        return s;
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
    }
}
