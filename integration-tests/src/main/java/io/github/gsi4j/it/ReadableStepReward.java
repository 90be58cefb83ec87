package io.github.gsi4j.it;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;

// tag::reward-bean[]
/**
 * The demo's reward: the share of a step's characters that are ASCII letters, digits, spaces or common
 * punctuation, so readable steps score high; a step that only ends the answer scores 1. Being a
 * {@link RewardScorer} bean, it is the default GSI model's reward scorer. It counts its calls.
 */
@ApplicationScoped
public class ReadableStepReward implements RewardScorer {

    private static final String PUNCTUATION = " .,?!\n+-=";

    private final AtomicLong calls = new AtomicLong();

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        calls.incrementAndGet();
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            StepCandidate candidate = candidates.get(i);
            scores[i] = candidate.endsSequence() && candidate.text().isEmpty() ? 1 : readable(candidate.text());
        }
        return scores; // one score in [0, 1] per candidate, in order
    }

    /** Readable characters over (length + 1): in [0, 1). */
    static double readable(String text) {
        long readable = text.chars()
                .filter(c -> c < 128 && (Character.isLetterOrDigit(c) || PUNCTUATION.indexOf(c) >= 0)).count();
        return (double) readable / (text.length() + 1);
    }

    /** How often GSI asked this bean for rewards. */
    public long calls() {
        return calls.get();
    }
}
// end::reward-bean[]
