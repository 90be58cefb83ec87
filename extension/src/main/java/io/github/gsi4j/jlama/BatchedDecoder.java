package io.github.gsi4j.jlama;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.core.TokenSampler;

/**
 * Decodes n candidate steps after one shared prefix together: at each position one forward pass
 * ({@link Transformer}) runs for every candidate still running, each candidate a row reading the prefix's
 * cache and its own; candidates that end (step delimiter, end of sequence, token limit) drop out. Each
 * candidate samples with its own random stream, and its row is computed by the same operations whatever
 * the other rows are, so a candidate's tokens and log-density do not depend on the others or on their order.
 * The sampling distribution and the reported density are {@link TokenSampler}'s, as on the sequential path.
 */
final class BatchedDecoder {

    /** The logits of a position's rows, kept between calls (16 rows of Qwen's vocabulary: 9.7 MB). */
    private float[] logits = new float[0];

    private final Transformer transformer;
    private final TokenText text;
    private final Set<Integer> endOfSequence;
    private final int vocabularySize;
    /** The sampler's working arrays, one per drawing task, reused from token to token and call to call. */
    private final TokenSampler.Scratch[] scratch = Stream.generate(TokenSampler.Scratch::new)
            .limit(Runtime.getRuntime().availableProcessors()).toArray(TokenSampler.Scratch[]::new);

    BatchedDecoder(Transformer transformer, TokenText text, Set<Integer> endOfSequence, int vocabularySize) {
        this.transformer = transformer;
        this.text = text;
        this.endOfSequence = endOfSequence;
        this.vocabularySize = vocabularySize;
    }

    /** One running candidate. */
    private final class Candidate {
        final RandomGenerator random;
        final TokenText.StepEnd stepEnd;
        final KvCache cache;
        int[] tokens;
        int size;
        double logProb;
        boolean eos;
        boolean done;

        Candidate(RandomGenerator random, String delimiter, int prefixLength, int maxTokens) {
            this.random = random;
            this.stepEnd = text.new StepEnd(delimiter);
            this.cache = transformer.borrowCache(prefixLength, Math.min(maxTokens, 64));
            this.tokens = new int[Math.min(maxTokens, 64)];
        }

        void draw(TokenSampler sampler, float[] logits, int offset, int maxTokens, TokenSampler.Scratch scratch) {
            TokenSampler.Draw d = sampler.sample(logits, offset, vocabularySize, random, scratch);
            if (size == tokens.length) {
                tokens = Arrays.copyOf(tokens, Math.min(maxTokens, 2 * size));
            }
            tokens[size++] = d.token();
            logProb += d.logProb();
            eos = endOfSequence.contains(d.token());
            done = eos || stepEnd.append(d.token()) || size >= maxTokens;
        }
    }

    /**
     * Samples one candidate per stream after {@code prefix}'s first {@code prefixLength} positions, whose
     * next-token logits are {@code lastLogits}.
     */
    List<StepCandidate> sample(KvCache prefix, int prefixLength, float[] lastLogits, int maxTokens, String delimiter,
            TokenSampler sampler, RandomGenerator[] streams) {
        Candidate[] all = new Candidate[streams.length];
        for (int c = 0; c < all.length; c++) {
            all[c] = new Candidate(streams[c], delimiter, prefixLength, maxTokens);
        }
        drawAll(all, sampler, lastLogits, -1, maxTokens);
        while (true) {
            List<Candidate> running = new ArrayList<>();
            for (Candidate c : all) {
                if (!c.done) {
                    running.add(c);
                }
            }
            if (running.isEmpty()) {
                break;
            }
            int rows = running.size();
            int[] tokens = new int[rows];
            int[] positions = new int[rows];
            KvCache[] own = new KvCache[rows];
            for (int r = 0; r < rows; r++) {
                Candidate c = running.get(r);
                tokens[r] = c.tokens[c.size - 1];
                positions[r] = prefixLength + c.size - 1;
                own[r] = c.cache;
            }
            ForwardBatch batch = ForwardBatch.continuing(tokens, positions, prefix, prefixLength, own);
            float[] x = transformer.embed(batch);
            transformer.forward(batch, x);
            int stride = transformer.vocabularyStride;
            if (logits.length < rows * stride) {
                logits = new float[rows * stride];
            }
            transformer.logits(x, 0, rows, logits);
            drawAll(running.toArray(Candidate[]::new), sampler, logits, stride, maxTokens);
        }
        List<StepCandidate> out = new ArrayList<>(all.length);
        for (Candidate c : all) {
            transformer.giveBack(c.cache);
            int[] step = Arrays.copyOf(c.tokens, c.size);
            out.add(new StepCandidate(step, text.decode(step), c.logProb, c.eos));
        }
        return out;
    }

    /**
     * Each candidate draws its next token, from row r of {@code logits} (stride −1: all from the same row): one
     * task per core, each drawing for a contiguous range of candidates on its own working arrays (a candidate's
     * draw depends only on its row and its stream).
     */
    private void drawAll(Candidate[] cs, TokenSampler sampler, float[] logits, int stride, int maxTokens) {
        int tasks = Math.min(cs.length, scratch.length);
        Workers.run(tasks, t -> {
            for (int r = cs.length * t / tasks; r < cs.length * (t + 1) / tasks; r++) {
                cs[r].draw(sampler, logits, stride < 0 ? 0 : r * stride, maxTokens, scratch[t]);
            }
        });
    }
}
