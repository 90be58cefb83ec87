package io.github.gsi4j.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;

/**
 * Scripted models for engine tests that need to control exactly what each step is: one token per
 * character, so token counts are text lengths.
 */
public final class Scripted {

    private Scripted() {
    }

    /** A step whose tokens are the characters of {@code text}. */
    public static StepCandidate step(String text, double logProb, boolean endsSequence) {
        return new StepCandidate(text.chars().toArray(), text, logProb, endsSequence);
    }

    /**
     * A draft that returns {@code n} copies of its script's next step on each call (the last one
     * repeated when the script runs out) and records the sampling parameters it was given.
     */
    public static final class Draft implements DraftModel {
        private final List<StepCandidate> script;
        private final List<SamplingParams> seen = Collections.synchronizedList(new ArrayList<>());
        private int calls;

        public Draft(StepCandidate... script) {
            this.script = List.of(script);
        }

        @Override
        public synchronized List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params,
                RandomGenerator random) {
            seen.add(params);
            StepCandidate next = script.get(Math.min(calls++, script.size() - 1));
            return Collections.nCopies(n, next);
        }

        public List<SamplingParams> seen() {
            return seen;
        }
    }

    /** A base model whose scores and samples are given as functions. */
    public static final class Base implements BaseModel {
        private final BiFunction<int[], List<StepCandidate>, double[]> scores;
        private final List<StepCandidate> samples;

        /**
         * @param scores log-probabilities for (prefix, candidates)
         * @param samples the steps returned (cycled) by fallback sampling
         */
        public Base(BiFunction<int[], List<StepCandidate>, double[]> scores, StepCandidate... samples) {
            this.scores = scores;
            this.samples = List.of(samples);
        }

        @Override
        public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
            return scores.apply(prefix, candidates);
        }

        @Override
        public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
            List<StepCandidate> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(samples.get(i % samples.size()));
            }
            return out;
        }
    }
}
