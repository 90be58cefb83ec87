package io.github.gsi4j.testing;

import java.nio.file.Path;

import io.github.gsi4j.testing.TinyModel.Architecture;
import io.github.gsi4j.testing.TinyModel.Spec;

/**
 * The standard tiny fixture models: a draft and a base that share the tokenizer, the base being the
 * draft's weights plus noise (as a real draft approximates its base).
 */
public final class TinyModels {

    public static final Spec DRAFT = Spec.random(Architecture.QWEN2, 7);
    public static final Spec BASE = Spec.perturbed(Architecture.QWEN2, 7, 8, 0.3);

    private TinyModels() {
    }

    public static Path draft() {
        return TinyModel.write(TinyModel.defaultRoot(), DRAFT);
    }

    public static Path base() {
        return TinyModel.write(TinyModel.defaultRoot(), BASE);
    }
}
