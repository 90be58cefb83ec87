package io.github.gsi4j.it;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;
import io.github.gsi4j.testing.TextReward;

/**
 * The application's own reward: the share of readable characters in a step (a clean end of the answer
 * scores 1), the same measure as the library's test reward. Being a {@link RewardScorer} bean, it is
 * the default GSI model's reward scorer; it counts its calls.
 */
// tag::reward-bean[]
@ApplicationScoped
public class ReadableStepReward implements RewardScorer {

    private final TextReward readability = new TextReward();
    private final AtomicLong calls = new AtomicLong();

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        calls.incrementAndGet();
        return readability.score(context, candidates);
    }

    /** How often GSI asked this bean for rewards. */
    public long calls() {
        return calls.get();
    }
}
// end::reward-bean[]
