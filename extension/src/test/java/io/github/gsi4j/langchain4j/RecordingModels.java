package io.github.gsi4j.langchain4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

import io.github.gsi4j.core.BaseModel;
import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;

/** Wrappers around real models that record what the engine asked of them, and an event log. */
final class RecordingModels {

    /** What a model was asked. */
    record Call(String what, int n, SamplingParams params) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    DraftModel draft(DraftModel real) {
        return new DraftModel() {
            @Override
            public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
                calls.add(new Call("draft", n, params));
                events.add("draft");
                return real.sampleSteps(prefix, n, params, random);
            }
        };
    }

    BaseModel base(BaseModel real) {
        return new BaseModel() {
            @Override
            public double[] logProbs(int[] prefix, List<StepCandidate> candidates) {
                calls.add(new Call("score", candidates.size(), null));
                return real.logProbs(prefix, candidates);
            }

            @Override
            public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, long seed) {
                calls.add(new Call("sample", n, params));
                return real.sampleSteps(prefix, n, params, seed);
            }
        };
    }

    List<Call> drafts() {
        return calls.stream().filter(c -> c.what().equals("draft")).toList();
    }
}
