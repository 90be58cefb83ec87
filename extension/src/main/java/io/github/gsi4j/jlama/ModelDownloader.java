package io.github.gsi4j.jlama;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Fetches a named model ({@code owner/name}) into a cache folder and returns the model's folder.
 * The default, {@link #JLAMA}, is Jlama's own download from the Hugging Face hub, which returns a
 * previously completed download from the cache without any network access.
 */
@FunctionalInterface
public interface ModelDownloader {

    /** Jlama's download ({@code SafeTensorSupport.maybeDownloadModel}), its progress logged by {@link DownloadProgress}. */
    ModelDownloader JLAMA = (cacheDir, modelName) -> {
        DownloadProgress progress = DownloadProgress.logging(modelName);
        Path folder = com.github.tjake.jlama.safetensors.SafeTensorSupport
                .maybeDownloadModel(cacheDir.toString(), modelName, progress).toPath();
        progress.finished();
        return folder;
    };

    /**
     * @param cacheDir the folder that holds downloaded models
     * @param modelName the model's name, {@code owner/name}
     * @return the folder of the model's files
     */
    Path download(Path cacheDir, String modelName) throws IOException;
}
