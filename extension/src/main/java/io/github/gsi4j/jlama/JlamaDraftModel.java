package io.github.gsi4j.jlama;

import java.util.List;
import java.util.random.RandomGenerator;

import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.core.SamplingParams;
import io.github.gsi4j.core.StepCandidate;

/**
 * The draft model πS running in the JVM on Jlama: n candidate steps per call from one prefill of the
 * prefix, sampled with temperature, top-k and top-p applied to raw logits by {@link
 * io.github.gsi4j.core.TokenSampler}, so each candidate's log-density is exactly that of the
 * distribution it was drawn from.
 *
 * <p>
 * Thread-safe. With one model instance, concurrent requests take turns drafting (see {@link JlamaModel});
 * with several instances (replicas) of the same model, up to that many drafts run at once, each call on a
 * free replica whose KV caches hold the longest part of its prefix. A call's result depends only on its
 * prefix, parameters and random source, not on the replica that computed it.
 */
public final class JlamaDraftModel extends JlamaAdapter implements DraftModel {

    private final ReplicaPool replicas;

    /**
     * @param model the loaded model
     * @param ownsModel whether {@link #close()} closes the model
     */
    public JlamaDraftModel(JlamaModel model, boolean ownsModel) {
        this(List.of(model), ownsModel);
    }

    /**
     * A draft served by several instances of one model.
     *
     * @param replicas at least one instance, all loaded from the same folder; the first also serves
     *        {@link #model()} (chat template, tokenizer checks)
     * @param ownsModels whether {@link #close()} closes them
     * @throws IllegalArgumentException when the list is empty or the replicas come from different folders
     */
    public JlamaDraftModel(List<JlamaModel> replicas, boolean ownsModels) {
        super(first(replicas), ownsModels);
        for (JlamaModel r : replicas) {
            if (!r.folder().equals(model.folder())) {
                throw new IllegalArgumentException("draft replicas must be loaded from one folder: " + model.folder()
                        + " and " + r.folder());
            }
        }
        this.replicas = new ReplicaPool(replicas);
    }

    private static JlamaModel first(List<JlamaModel> replicas) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("a draft model needs at least one replica");
        }
        return replicas.get(0);
    }

    /** How many model instances serve this draft. */
    public int replicas() {
        return replicas.size();
    }

    @Override
    public List<StepCandidate> sampleSteps(int[] prefix, int n, SamplingParams params, RandomGenerator random) {
        return replicas.apply(prefix, m -> m.sampleSteps(prefix, n, params, random));
    }

    @Override
    public void close() {
        super.close();
        if (ownsModel) { // the first one is the adapter's own model, closed above
            List<JlamaModel> all = replicas.replicas();
            all.subList(1, all.size()).forEach(JlamaModel::close);
        }
    }
}
