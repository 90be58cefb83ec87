package io.github.gsi4j.quarkus.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.gsi4j.jlama.DraftQuantization;
import io.github.gsi4j.jlama.JlamaModel;

/**
 * The Jlama models of the application's GSI models, each folder loaded once (a chat model and its
 * streaming twin share them) and closed on shutdown, which in dev mode is every hot reload; and each
 * configuration's components, built once.
 */
@ApplicationScoped
public class GsiModels {

    private static final Logger LOG = Logger.getLogger(GsiModels.class);

    private final Map<Key, JlamaModel> jlama = new ConcurrentHashMap<>();
    private final Map<String, JlamaModel> extraReplicas = new ConcurrentHashMap<>();
    private final Map<String, Object> components = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    /** A model folder and how its weights are held: instances are shared per key. */
    private record Key(Path folder, DraftQuantization quantization) {
    }

    /**
     * The Jlama model in {@code folder}, loaded on first use with INFO logs of where from, how long it took and
     * the memory it holds.
     */
    public JlamaModel jlama(Path folder, String role) {
        return jlama(folder, role, DraftQuantization.NONE);
    }

    /** The same, its weights held as {@code quantization} says. */
    public JlamaModel jlama(Path folder, String role, DraftQuantization quantization) {
        return jlama.computeIfAbsent(new Key(folder.toAbsolutePath().normalize(), quantization), key -> {
            Path f = key.folder();
            VectorApi.require();
            long t0 = System.nanoTime();
            LOG.infof("Loading GSI %s model from %s", role, f);
            JlamaModel m = JlamaModel.load(f, 4, quantization);
            LOG.infof("Loaded GSI %s model %s (vocabulary %d, context %d tokens) in %d ms: %s", role, f.getFileName(),
                    m.vocabularySize(), m.contextLength(), (System.nanoTime() - t0) / 1_000_000, ModelMemory.of(m));
            return m;
        });
    }

    /**
     * {@code count} instances of the model in {@code folder}: the shared one of {@link #jlama(Path, String)}
     * and {@code count - 1} more, each loaded once (configurations asking for the same folder share them).
     */
    public List<JlamaModel> replicas(Path folder, String role, int count) {
        return replicas(folder, role, count, DraftQuantization.NONE);
    }

    /** The same, their weights held as {@code quantization} says. */
    public List<JlamaModel> replicas(Path folder, String role, int count, DraftQuantization quantization) {
        Path f = folder.toAbsolutePath().normalize();
        List<JlamaModel> out = new ArrayList<>(count);
        JlamaModel first = jlama(f, role, quantization);
        out.add(first);
        for (int i = 1; i < count; i++) {
            int index = i;
            out.add(extraReplicas.computeIfAbsent(f + "#" + quantization + "#" + i, k -> {
                long t0 = System.nanoTime();
                JlamaModel m = first.replica(); // shares the first instance's packed weights
                LOG.infof("Loaded GSI %s model replica %d of %s in %d ms: %s", role, index + 1, f.getFileName(),
                        (System.nanoTime() - t0) / 1_000_000, ModelMemory.of(m));
                return m;
            }));
        }
        return out;
    }

    /** The components of configuration {@code configName}, built once. */
    @SuppressWarnings("unchecked")
    <T> T components(String configName, Function<String, T> build) {
        return (T) components.computeIfAbsent(configName, build);
    }

    /** The Jlama model instances loaded (replicas included). */
    public List<JlamaModel> loaded() {
        List<JlamaModel> all = new ArrayList<>(jlama.values());
        all.addAll(extraReplicas.values());
        return all;
    }

    /** How many Jlama model instances are loaded (replicas included). */
    public int loadedModels() {
        return jlama.size() + extraReplicas.size();
    }

    /** Whether the models are still usable (false once the application has closed them). */
    public boolean isOpen() {
        return open;
    }

    /** Closes every loaded model: on shutdown, and in dev mode before a hot reload builds the models anew. */
    @PreDestroy
    void close() {
        open = false;
        List<JlamaModel> all = new ArrayList<>(jlama.values());
        all.addAll(extraReplicas.values());
        jlama.clear();
        extraReplicas.clear();
        components.clear();
        int closed = 0;
        for (JlamaModel m : all) {
            try {
                m.close();
                closed++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not close Jlama model %s", m.folder());
            }
        }
        if (!all.isEmpty()) {
            LOG.infof("Closed %d of %d GSI Jlama model instances", closed, all.size());
        }
    }
}
