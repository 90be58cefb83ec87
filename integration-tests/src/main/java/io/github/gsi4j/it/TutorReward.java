package io.github.gsi4j.it;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;
import io.quarkiverse.langchain4j.ModelName;

/** The named model {@code tutor}'s reward: every step alike, so the pick is by the models alone. */
@ApplicationScoped
@ModelName("tutor")
public class TutorReward implements RewardScorer {

    private final AtomicLong calls = new AtomicLong();

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        calls.incrementAndGet();
        double[] r = new double[candidates.size()];
        java.util.Arrays.fill(r, 0.5);
        return r;
    }

    public long calls() {
        return calls.get();
    }
}
