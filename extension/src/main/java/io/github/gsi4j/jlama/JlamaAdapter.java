package io.github.gsi4j.jlama;

import java.util.Objects;

/**
 * What the draft and base adapters share: the model they drive and whether closing the adapter closes
 * it (a draft and an embedded base of the same folder may share one model).
 */
abstract class JlamaAdapter implements AutoCloseable {

    final JlamaModel model;
    final boolean ownsModel;

    JlamaAdapter(JlamaModel model, boolean ownsModel) {
        this.model = Objects.requireNonNull(model, "model");
        this.ownsModel = ownsModel;
    }

    /** The underlying model (for chat rendering and tokenizer checks). */
    public JlamaModel model() {
        return model;
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + model.folder() + "]";
    }
}
