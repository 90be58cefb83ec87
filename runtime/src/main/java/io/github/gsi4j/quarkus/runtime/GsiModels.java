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
 * streaming twin share them) and closed on shutdown; and each configuration's components, built once.
 */
@ApplicationScoped
public class GsiModels {

    private static final Logger LOG = Logger.getLogger(GsiModels.class);

    private final Map<Path, JlamaModel> jlama = new ConcurrentHashMap<>();
    private final Map<String, JlamaModel> extraReplicas = new ConcurrentHashMap<>();
    private final Map<String, Object> components = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    /** The Jlama model in {@code folder}, loaded on first use with an INFO log of where from and how long. */
    public JlamaModel jlama(Path folder, String role) {
        return jlama.computeIfAbsent(folder.toAbsolutePath().normalize(), f -> {
            long t0 = System.nanoTime();
            LOG.infof("Loading GSI %s model from %s", role, f);
            JlamaModel m = JlamaModel.load(f);
            LOG.infof("Loaded GSI %s model %s (vocabulary %d, context %d tokens) in %d ms", role, f.getFileName(),
                    m.vocabularySize(), m.contextLength(), (System.nanoTime() - t0) / 1_000_000);
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
                LOG.infof("Loaded GSI %s model replica %d of %s in %d ms", role, index + 1, f.getFileName(),
                        (System.nanoTime() - t0) / 1_000_000);
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

    /** Whether the models are still usable (false once the application has closed them). */
    public boolean isOpen() {
        return open;
    }

    @PreDestroy
    void close() {
        open = false;
        List<JlamaModel> all = new ArrayList<>(jlama.values());
        all.addAll(extraReplicas.values());
        jlama.clear();
        extraReplicas.clear();
        components.clear();
        for (JlamaModel m : all) {
            try {
                m.close();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not close Jlama model %s", m.folder());
            }
        }
    }
}
