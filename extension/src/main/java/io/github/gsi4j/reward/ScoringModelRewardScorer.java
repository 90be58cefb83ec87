package io.github.gsi4j.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.RewardContext;
import io.github.gsi4j.core.RewardNormalizer;
import io.github.gsi4j.core.RewardScorer;
import io.github.gsi4j.core.StepCandidate;

/**
 * Any LangChain4j {@link ScoringModel} (a cross-encoder or reranker) as a reward: each candidate's text,
 * the partial solution followed by the candidate step, is scored against the question in one
 * {@code scoreAll} call. Scores are mapped into [0, 1] by the normalizer (SIGMOID for raw logits).
 */
public final class ScoringModelRewardScorer implements RewardScorer {

    private final ScoringModel scoringModel;
    private final RewardNormalizer normalizer;

    public ScoringModelRewardScorer(ScoringModel scoringModel, RewardNormalizer normalizer) {
        this.scoringModel = Objects.requireNonNull(scoringModel, "scoringModel");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    }

    @Override
    public double[] score(RewardContext context, List<StepCandidate> candidates) {
        List<TextSegment> segments = new ArrayList<>(candidates.size());
        String partial = context.partialSolution();
        for (StepCandidate c : candidates) {
            segments.add(TextSegment.from(partial + c.text()));
        }
        Response<List<Double>> response = scoringModel.scoreAll(segments, context.question());
        List<Double> scores = response == null ? null : response.content();
        if (scores == null || scores.size() != candidates.size()) {
            throw new GsiInvalidResponseException("Scoring model " + scoringModel.getClass().getName() + " returned "
                    + (scores == null ? "no" : scores.size()) + " scores, expected " + candidates.size());
        }
        double[] out = new double[scores.size()];
        for (int i = 0; i < out.length; i++) {
            Double s = scores.get(i);
            out[i] = normalizer.apply(s == null ? Double.NaN : s);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ScoringModelRewardScorer[" + scoringModel.getClass().getSimpleName() + ", " + normalizer + "]";
    }
}
