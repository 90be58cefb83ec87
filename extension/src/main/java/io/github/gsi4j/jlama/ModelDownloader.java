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

    /** Jlama's download ({@code SafeTensorSupport.maybeDownloadModel}). */
    ModelDownloader JLAMA = (cacheDir, modelName) -> com.github.tjake.jlama.safetensors.SafeTensorSupport
            .maybeDownloadModel(cacheDir.toString(), modelName).toPath();

    /**
     * @param cacheDir the folder that holds downloaded models
     * @param modelName the model's name, {@code owner/name}
     * @return the folder of the model's files
     */
    Path download(Path cacheDir, String modelName) throws IOException;
}
