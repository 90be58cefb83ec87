package io.github.gsi4j.testing;

import java.nio.file.Path;

import io.github.gsi4j.testing.TinyModel.Architecture;
import io.github.gsi4j.testing.TinyModel.Spec;

/**
 * The standard tiny fixture models: a draft and a base that share the tokenizer, the base being the
 * draft's weights plus noise (as a real draft approximates its base).
 */
public final class TinyModels {

    /** The draft: random Qwen2 weights of seed 7. */
    public static final Spec DRAFT = Spec.random(Architecture.QWEN2, 7);
    /** The base: the draft's weights plus noise of 0.3 of each weight's scale. */
    public static final Spec BASE = Spec.perturbed(Architecture.QWEN2, 7, 8, 0.3);

    private TinyModels() {
    }

    /** The draft's folder under {@link TinyModel#defaultRoot()}, written if not there yet. */
    public static Path draft() {
        return TinyModel.write(TinyModel.defaultRoot(), DRAFT);
    }

    /** The base's folder under {@link TinyModel#defaultRoot()}, written if not there yet. */
    public static Path base() {
        return TinyModel.write(TinyModel.defaultRoot(), BASE);
    }
}
