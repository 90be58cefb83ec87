package io.github.gsi4j.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;

/**
 * A deterministic reward on a step's text, in [0, 1]: the share of its characters that are ASCII
 * letters, digits, spaces or common punctuation (readable text scores high); a step that only ends the
 * sequence scores 1 (a clean ending is not unreadable). Counts its calls.
 */
public final class TextReward implements RewardScorer {

    private final AtomicInteger calls = new AtomicInteger();

    public static double reward(String text) {
        long readable = text.chars().filter(c -> c < 128 && (Character.isLetterOrDigit(c) || " .,?!\n+-=".indexOf(c) >= 0))
                .count();
        return (double) readable / (text.length() + 1);
    }

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        calls.incrementAndGet();
        return candidates.stream().mapToDouble(c -> c.endsSequence() && c.text().isEmpty() ? 1 : reward(c.text()))
                .toArray();
    }

    public int calls() {
        return calls.get();
    }
}
