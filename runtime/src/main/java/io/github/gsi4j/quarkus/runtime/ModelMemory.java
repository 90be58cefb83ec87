package io.github.gsi4j.quarkus.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.github.gsi4j.jlama.DraftQuantization;
import io.github.gsi4j.jlama.JlamaModel;

/**
 * The memory a loaded Jlama model holds, for the load log: its weights (packed on the Java heap for the
 * batched decoder, or mapped by Jlama from the safetensors files, off the heap and resident as they are
 * read) and the Java heap in use after loading.
 */
final class ModelMemory {

    private ModelMemory() {
    }

    /** "weights 942.1 MiB on the heap (q8), heap in use 1312.0 of 4096.0 MiB" for a loaded model. */
    static String of(JlamaModel model) {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        String weights = model.batched()
                ? mib(model.weightBytes()) + " on the heap (" + (model.quantization() == DraftQuantization.NONE ? "as stored"
                        : model.quantization().name().toLowerCase(Locale.ROOT)) + ")"
                : mib(weightBytes(model.folder())) + " memory-mapped";
        return String.format(Locale.ROOT, "weights %s, heap in use %s of %s", weights, mib(heapUsed),
                mib(rt.maxMemory()));
    }

    /** The size of the folder's {@code *.safetensors} files. */
    static long weightBytes(Path folder) {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.safetensors")) {
            for (Path f : files) {
                total += Files.size(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the weights of Jlama model " + folder, e);
        }
        return total;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
