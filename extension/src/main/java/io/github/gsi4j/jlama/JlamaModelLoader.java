package io.github.gsi4j.jlama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;

import io.github.gsi4j.tokenizer.ChatTokenizer;

/**
 * Finds and checks a Jlama model before loading it: a local folder with {@code config.json},
 * {@code tokenizer.json} and safetensors weights, or a model name ({@code owner/name}) fetched into a
 * cache folder. Every failure names the folder and what is missing or wrong.
 */
public final class JlamaModelLoader {

    /** The architectures Jlama can generate with. */
    public static final Set<String> SUPPORTED_ARCHITECTURES = Arrays.stream(ModelSupport.ModelType.values())
            .map(Enum::name).filter(name -> !name.equals("BERT")).collect(Collectors.toUnmodifiableSet());

    private static final ObjectMapper JSON = new ObjectMapper();

    private JlamaModelLoader() {
    }

    /**
     * The folder of a model given as a local folder or as a name to fetch.
     *
     * @param modelOrFolder a folder path, or a model name {@code owner/name}
     * @param cacheDir where named models are kept
     * @param downloader fetches named models that are not a local folder
     * @return the checked model folder
     */
    public static Path resolve(String modelOrFolder, Path cacheDir, ModelDownloader downloader) {
        Objects.requireNonNull(modelOrFolder, "modelOrFolder");
        Path asFolder = Path.of(modelOrFolder);
        if (Files.isDirectory(asFolder)) {
            return checkFolder(asFolder);
        }
        if (!modelOrFolder.matches("[A-Za-z0-9][\\w.-]*/[\\w.-]+")) {
            throw new IllegalArgumentException("Jlama model '" + modelOrFolder
                    + "' is neither an existing folder nor a model name of the form owner/name");
        }
        Objects.requireNonNull(cacheDir, "cacheDir");
        try {
            Files.createDirectories(cacheDir);
            return checkFolder(downloader.download(cacheDir, modelOrFolder));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fetch Jlama model " + modelOrFolder + " into " + cacheDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code folder} holds a model Jlama can load for generation.
     *
     * @return the folder
     * @throws IllegalArgumentException naming the folder and what is missing or unsupported
     */
    public static Path checkFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Jlama model folder " + folder + " does not exist");
        }
        for (String required : new String[] { "config.json", "tokenizer.json" }) {
            if (!Files.isRegularFile(folder.resolve(required))) {
                throw new IllegalArgumentException("Jlama model folder " + folder + " has no " + required);
            }
        }
        if (!hasSafetensors(folder)) {
            throw new IllegalArgumentException("Jlama model folder " + folder
                    + " has no weights (model.safetensors or model.safetensors.index.json)");
        }
        String architecture = architecture(folder);
        if (!SUPPORTED_ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("Jlama model folder " + folder + " has unsupported architecture '"
                    + architecture.toLowerCase(Locale.ROOT) + "' (config.json model_type); supported: "
                    + SUPPORTED_ARCHITECTURES.stream().sorted().map(s -> s.toLowerCase(Locale.ROOT)).toList());
        }
        return folder;
    }

    /** The upper-case {@code model_type} of the folder's {@code config.json}. */
    static String architecture(Path folder) {
        try {
            JsonNode type = JSON.readTree(folder.resolve("config.json").toFile()).get("model_type");
            if (type == null || !type.isTextual()) {
                throw new IllegalArgumentException("Jlama model folder " + folder + " has no model_type in config.json");
            }
            return type.asText().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            throw new IllegalArgumentException("Jlama model folder " + folder + " has an unreadable config.json: "
                    + e.getMessage(), e);
        }
    }

    private static boolean hasSafetensors(Path folder) {
        if (Files.isRegularFile(folder.resolve("model.safetensors.index.json"))) {
            return true;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.safetensors")) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads the checked model in {@code folder} with F32 working memory, in a working folder of its own that the
     * model removes on close.
     *
     * @param shared packed weights of another instance of the same folder and quantization, or null
     */
    static JlamaModel load(Path folder, int kvCaches, DraftQuantization quantization, TransformerWeights shared) {
        Objects.requireNonNull(quantization, "quantization");
        checkFolder(folder);
        if (kvCaches < 1) {
            throw new IllegalArgumentException("kvCaches must be at least 1, was " + kvCaches);
        }
        // the folder's own tokenizer and chat template, read as Hugging Face reads them (Jlama's are not)
        ChatTokenizer tokenizer = ChatTokenizer.load(folder);
        // Jlama makes a new temporary folder per model when given none; ours is removed on close. Only
        // Jlama's own session caches write there (this class uses in-memory caches), so it stays empty.
        Path workingDirectory;
        try {
            workingDirectory = Files.createTempDirectory("gsi4j-jlama-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a working folder for Jlama model " + folder, e);
        }
        try {
            AbstractModel model = ModelSupport.loadModel(AbstractModel.InferenceType.FULL_GENERATION, folder.toFile(),
                    workingDirectory.toFile(), DType.F32, DType.F32, Optional.empty(), Optional.empty(),
                    Optional.empty(), SafeTensorSupport::loadWeights);
            try {
                return new JlamaModel(folder, workingDirectory, model, tokenizer, kvCaches, quantization, shared);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        } catch (RuntimeException e) {
            deleteQuietly(workingDirectory);
            throw e;
        }
    }

    /** Removes a working folder, best effort. */
    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover empty folder in the temp directory
        }
    }
}
