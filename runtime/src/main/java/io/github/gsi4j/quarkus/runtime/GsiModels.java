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

import io.github.gsi4j.jlama.JlamaModel;

/**
 * The Jlama models of the application's GSI models, each folder loaded once (a chat model and its
 * streaming twin share them) and closed on shutdown, which in dev mode is every hot reload; and each
 * configuration's components, built once.
 */
@ApplicationScoped
public class GsiModels {

    private static final Logger LOG = Logger.getLogger(GsiModels.class);

    private final Map<Path, JlamaModel> jlama = new ConcurrentHashMap<>();
    private final Map<String, JlamaModel> extraReplicas = new ConcurrentHashMap<>();
    private final Map<String, Object> components = new ConcurrentHashMap<>();

    /**
     * The Jlama model in {@code folder}, loaded on first use with INFO logs of where from, how long it took and
     * the memory it holds.
     */
    public JlamaModel jlama(Path folder, String role) {
        return jlama.computeIfAbsent(folder.toAbsolutePath().normalize(), f -> {
            VectorApi.require();
            LOG.infof("Loading GSI %s model from %s", role, f);
            long t0 = System.nanoTime();
            JlamaModel m = JlamaModel.load(f);
            LOG.infof("Loaded GSI %s model %s (vocabulary %d, context %d tokens) in %d ms: %s", role, f.getFileName(),
                    m.vocabularySize(), m.contextLength(), (System.nanoTime() - t0) / 1_000_000, ModelMemory.of(f));
            return m;
        });
    }

    /**
     * {@code count} instances of the model in {@code folder}: the shared one of {@link #jlama(Path, String)}
     * and {@code count - 1} more, each loaded once (configurations asking for the same folder share them).
     */
    public List<JlamaModel> replicas(Path folder, String role, int count) {
        Path f = folder.toAbsolutePath().normalize();
        List<JlamaModel> out = new ArrayList<>(count);
        out.add(jlama(f, role));
        for (int i = 1; i < count; i++) {
            int index = i;
            out.add(extraReplicas.computeIfAbsent(f + "#" + i, k -> {
                long t0 = System.nanoTime();
                JlamaModel m = JlamaModel.load(f);
                LOG.infof("Loaded GSI %s model replica %d of %s in %d ms: %s", role, index + 1, f.getFileName(),
                        (System.nanoTime() - t0) / 1_000_000, ModelMemory.of(f));
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

    /** How many Jlama model instances are loaded (replicas included). */
    public int loadedModels() {
        return jlama.size() + extraReplicas.size();
    }

    /** Closes every loaded model: on shutdown, and in dev mode before a hot reload builds the models anew. */
    @PreDestroy
    void close() {
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
