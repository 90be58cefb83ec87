package io.github.gsi4j.quarkus.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The memory a loaded Jlama model holds, for the load log: its weights, which Jlama maps from the
 * safetensors files (off the Java heap, resident as they are read), and the Java heap in use after loading.
 */
final class ModelMemory {

    private ModelMemory() {
    }

    /** "weights 942.1 MiB memory-mapped, heap in use 312.0 of 4096.0 MiB" for the model in {@code folder}. */
    static String of(Path folder) {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        return String.format(Locale.ROOT, "weights %s memory-mapped, heap in use %s of %s", mib(weightBytes(folder)),
                mib(heapUsed), mib(rt.maxMemory()));
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
