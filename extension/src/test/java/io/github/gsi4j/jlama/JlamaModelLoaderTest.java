package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;

import io.github.gsi4j.core.GsiTokenizerMismatchException;
import io.github.gsi4j.testing.TinyModel;
import io.github.gsi4j.testing.TinyModels;
import io.github.gsi4j.testing.TinyTokenizer;

class JlamaModelLoaderTest {

    @TempDir
    Path temp;

    Path copyOfDraft(String name) throws IOException {
        Path copy = Files.createDirectories(temp.resolve(name));
        try (Stream<Path> files = Files.list(TinyModels.draft())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void missingFolderAndFilesAreNamed() throws IOException {
        Path nowhere = temp.resolve("nowhere");
        assertThatThrownBy(() -> JlamaModel.load(nowhere))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(nowhere.toString())
                .hasMessageContaining("does not exist");
        for (String file : List.of("config.json", "tokenizer.json", "model.safetensors")) {
            Path folder = copyOfDraft("without-" + file);
            Files.delete(folder.resolve(file));
            assertThatThrownBy(() -> JlamaModel.load(folder))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(folder.toString())
                    .hasMessageContaining(file.equals("model.safetensors") ? "no weights" : "no " + file);
        }
    }

    @Test
    void unsupportedArchitectureIsNamed() throws IOException {
        Path folder = copyOfDraft("bert");
        Path config = folder.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"qwen2\"", "\"bert\""));
        assertThatThrownBy(() -> JlamaModel.load(folder))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(folder.toString())
                .hasMessageContaining("unsupported architecture 'bert'").hasMessageContaining("qwen2");
    }

    @Test
    void aLocalFolderIsUsedAsItIs() {
        Path folder = TinyModels.draft();
        assertThat(JlamaModelLoader.resolve(folder.toString(), temp, (c, n) -> {
            throw new AssertionError("no download for a local folder");
        })).isEqualTo(folder);
    }

    @Test
    void aNamedModelGoesThroughTheDownloaderIntoTheCache() throws IOException {
        List<String> asked = new ArrayList<>();
        Path target = copyOfDraft("fetched");
        Path resolved = JlamaModelLoader.resolve("acme/tiny-model", temp.resolve("cache"), (cache, name) -> {
            asked.add(cache + " " + name);
            return target;
        });
        assertThat(resolved).isEqualTo(target);
        assertThat(asked).containsExactly(temp.resolve("cache") + " acme/tiny-model");
        assertThat(temp.resolve("cache")).isDirectory();
    }

    /** Jlama's own download code, up to the network boundary: a completed download is found in the cache. */
    @Test
    void jlamasDownloaderFindsACompletedDownloadInTheCache() throws IOException {
        Path cache = temp.resolve("cache");
        Path cached = copyOfDraft("cache/acme_tiny-model");
        Files.createFile(cached.resolve(".finished"));
        assertThat(JlamaModelLoader.resolve("acme/tiny-model", cache, ModelDownloader.JLAMA)).isEqualTo(cached);
        try (JlamaModel m = JlamaModel.load(cached)) {
            assertThat(m.vocabularySize()).isEqualTo(TinyModel.VOCAB);
        }
    }

    @Test
    void aNameThatIsNeitherFolderNorOwnerSlashNameIsRejected() {
        assertThatThrownBy(() -> JlamaModelLoader.resolve("not a model", temp, ModelDownloader.JLAMA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not a model'")
                .hasMessageContaining("owner/name");
    }

    @Test
    void modelsOfDifferentTokenizersAreRefusedNamingBoth() throws IOException {
        Path other = copyOfDraft("other-tokenizer");
        TinyTokenizer foreignTokenizer = new TinyTokenizer(TinyModel.MERGES - 20);
        assertThat(foreignTokenizer.size()).isNotEqualTo(TinyModel.TOKENIZER.size());
        foreignTokenizer.write(other);
        try (JlamaModel draft = JlamaModel.load(TinyModels.draft());
                JlamaModel base = JlamaModel.load(TinyModels.base());
                JlamaModel foreign = JlamaModel.load(other)) {
            draft.checkSameTokenizer(base, "draft", "base");
            assertThatThrownBy(() -> draft.checkSameTokenizer(foreign, "draft", "base"))
                    .isInstanceOf(GsiTokenizerMismatchException.class)
                    .hasMessageContaining(TinyModels.draft().toString()).hasMessageContaining(other.toString());
        }
    }

    @Test
    void thePureJavaVectorPathIsInUseNotJlamaNative() {
        assertThat(TensorOperationsProvider.get().getClass().getSimpleName()).isEqualTo("PanamaTensorOperations");
        assertThatThrownBy(() -> Class.forName("com.github.tjake.jlama.tensor.operations.NativeSimdTensorOperations"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void loadingAndClosingLeavesNoTemporaryFolders() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countJlamaFolders(tmp);
        for (int i = 0; i < 3; i++) {
            JlamaModel.load(TinyModels.draft()).close();
        }
        assertThat(countJlamaFolders(tmp)).isEqualTo(before);
    }

    private static long countJlamaFolders(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("gsi4j-jlama-")).count();
        }
    }
}
