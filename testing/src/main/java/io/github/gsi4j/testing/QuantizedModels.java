package io.github.gsi4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.safetensors.WeightLoader;
import com.github.tjake.jlama.tensor.AbstractTensor;

/**
 * A tiny fixture model quantized by Jlama's own tool ({@code SafeTensorSupport.quantizeModel}, I8 or Q4,
 * norms and biases kept F32), and the same weights as Jlama reads them back, written as an F32 model for
 * the {@link ReferenceTransformer}; and the source's weight matrices quantized to 8 bits with one scale per
 * row, also as an F32 model. Written once per folder under {@code target/tiny-models}.
 */
public final class QuantizedModels {

    private static final TinyModel.Spec SOURCE = TinyModel.Spec.random(TinyModel.Architecture.QWEN2, 31);

    private QuantizedModels() {
    }

    /** The unquantized source model. */
    public static Path source() {
        return TinyModel.write(TinyModel.defaultRoot(), SOURCE);
    }

    /** The source fixture quantized by Jlama's {@code SafeTensorSupport.quantizeModel} (norms and biases kept F32). */
    public static synchronized Path jlamaQuantized(DType q) throws IOException {
        Path source = source();
        Path out = source.resolveSibling(source.getFileName() + "-J" + q.name());
        if (!Files.exists(out.resolve("model.safetensors"))) {
            delete(out);
            if (!Files.exists(source.resolve("README.md"))) {
                Files.writeString(source.resolve("README.md"), "A generated test model.\n"); // quantizeModel copies it
            }
            SafeTensorSupport.quantizeModel(source, q, new String[] { "norm", "bias" }, null, Optional.of(out));
        }
        return out;
    }

    /** The same weights as Jlama reads them back ({@code AbstractTensor.get}), as an F32 model for the reference. */
    public static synchronized Path dequantized(DType q) throws IOException {
        Path quantized = jlamaQuantized(q);
        Path out = quantized.resolveSibling(quantized.getFileName() + "-F32");
        if (Files.exists(out.resolve("model.safetensors"))) {
            return out;
        }
        Files.createDirectories(out);
        Files.copy(quantized.resolve("config.json"), out.resolve("config.json"));
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        WeightLoader weights = SafeTensorSupport.loadWeights(quantized.toFile());
        for (String name : weights.tensorInfoMap().keySet().stream().sorted().toList()) {
            if (name.endsWith(".qb")) {
                continue;
            }
            AbstractTensor t = weights.load(name);
            int[] shape = weights.tensorInfoMap().get(name).shape;
            int rows = shape.length == 1 ? 1 : shape[0];
            int cols = shape[shape.length - 1];
            float[] values = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    values[r * cols + c] = shape.length == 1 ? t.get(c) : t.get(r, c);
                }
            }
            tensors.put(name, values);
            shapes.put(name, shape);
        }
        TinyModel.writeSafetensors(out.resolve("model.safetensors"), tensors, shapes);
        return out;
    }

    /**
     * The source model with every weight matrix (norms and biases kept) replaced by its per-row 8-bit
     * quantization, read back: for each row, {@code q = round(w · 127 / max|w|)} and {@code w' = q · (max|w| / 127)}
     * in F32, what {@code draft.quantization = q8} defines. Computed here from the tensors as Jlama reads them.
     */
    public static synchronized Path rowQuantizedQ8() throws IOException {
        Path source = source();
        Path out = source.resolveSibling(source.getFileName() + "-Q8-rows-F32");
        if (Files.exists(out.resolve("model.safetensors"))) {
            return out;
        }
        Files.createDirectories(out);
        for (String file : new String[] { "config.json", "tokenizer.json", "tokenizer_config.json" }) {
            if (Files.exists(source.resolve(file))) {
                Files.copy(source.resolve(file), out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        WeightLoader weights = SafeTensorSupport.loadWeights(source.toFile());
        for (String name : weights.tensorInfoMap().keySet().stream().sorted().toList()) {
            AbstractTensor t = weights.load(name);
            int[] shape = weights.tensorInfoMap().get(name).shape;
            int rows = shape.length == 1 ? 1 : shape[0];
            int cols = shape[shape.length - 1];
            float[] values = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                float max = 0;
                for (int c = 0; c < cols; c++) {
                    values[r * cols + c] = t.dims() == 1 ? t.get(c) : t.get(r, c);
                    max = Math.max(max, Math.abs(values[r * cols + c]));
                }
                if (shape.length == 2 && max > 0) {
                    float step = 1 / (127f / max);
                    for (int c = 0; c < cols; c++) {
                        values[r * cols + c] = Math.round(values[r * cols + c] * (127f / max)) * step;
                    }
                }
            }
            tensors.put(name, values);
            shapes.put(name, shape);
        }
        TinyModel.writeSafetensors(out.resolve("model.safetensors"), tensors, shapes);
        return out;
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
