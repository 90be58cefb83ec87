package io.github.gsi4j.it;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;

/**
 * The application's own reward: the share of readable characters in a step (a clean end of the answer
 * scores 1). Being a {@link RewardScorer} bean, it is the default GSI model's reward scorer.
 */
@ApplicationScoped
public class ReadableStepReward implements RewardScorer {

    private final AtomicLong calls = new AtomicLong();

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        calls.incrementAndGet();
        double[] r = new double[candidates.size()];
        for (int i = 0; i < r.length; i++) {
            String text = candidates.get(i).text();
            if (text.isEmpty() && candidates.get(i).endsSequence()) {
                r[i] = 1;
                continue;
            }
            long readable = text.chars().filter(c -> c < 128 && (Character.isLetterOrDigit(c) || " .,?!\n+-=".indexOf(c) >= 0))
                    .count();
            r[i] = (double) readable / (text.length() + 1);
        }
        return r;
    }

    /** How often GSI asked this bean for rewards. */
    public long calls() {
        return calls.get();
    }
}
