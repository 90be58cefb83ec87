package io.github.gsi4j.jlama;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.LoggerFactory;

import com.github.tjake.jlama.util.ProgressReporter;

/**
 * Reports a model download to a log while the user waits: for each file of at least 1 MiB, a line when it
 * starts, one at most every {@code interval} with bytes done, total and rate, and one when it completes;
 * then one line for the whole model (bytes, time, rate) from {@link #finished()}. Jlama calls
 * {@link #update} in a tight loop while a file downloads; lines are only written at those moments.
 */
public final class DownloadProgress implements ProgressReporter {

    static final long MIB = 1024 * 1024;

    private final String model;
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final long intervalNanos;
    private final Map<String, Long> doneByFile = new LinkedHashMap<>();
    private final Set<String> completed = new HashSet<>();
    private long startNanos = -1;
    private long lastLineNanos;

    /**
     * @param model the model's name, for the lines
     * @param nanoTime the clock ({@link System#nanoTime()} outside tests)
     * @param log where the lines go
     * @param interval the least time between two progress lines of a file
     */
    public DownloadProgress(String model, LongSupplier nanoTime, Consumer<String> log, Duration interval) {
        this.model = Objects.requireNonNull(model, "model");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.log = Objects.requireNonNull(log, "log");
        this.intervalNanos = interval.toNanos();
    }

    /** Progress of {@code model} logged at INFO every 10 seconds. */
    public static DownloadProgress logging(String model) {
        return new DownloadProgress(model, System::nanoTime, LoggerFactory.getLogger(DownloadProgress.class)::info,
                Duration.ofSeconds(10));
    }

    @Override
    public synchronized void update(String file, long done, long total) {
        long now = nanoTime.getAsLong();
        if (startNanos < 0) {
            startNanos = now;
        }
        Long before = doneByFile.put(file, done);
        if (total < MIB || completed.contains(file)) {
            return;
        }
        if (done >= total) {
            completed.add(file);
            line(file, done, total, now);
        } else if (before == null || now - lastLineNanos >= intervalNanos) {
            line(file, done, total, now);
        }
    }

    /** Logs the whole download once, if anything was downloaded (a model already in the cache downloads nothing). */
    public synchronized void finished() {
        if (startNanos < 0) {
            return;
        }
        long bytes = doneByFile.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(1, nanoTime.getAsLong() - startNanos) / 1e9;
        log.accept(String.format(Locale.ROOT, "Downloaded model %s: %d files, %s in %.1f s (%s/s)", model,
                doneByFile.size(), mib(bytes), seconds, mib((long) (bytes / seconds))));
    }

    private void line(String file, long done, long total, long now) {
        lastLineNanos = now;
        double seconds = (now - startNanos) / 1e9;
        String rate = seconds > 0 && done > 0 ? String.format(Locale.ROOT, ", %s/s", mib((long) (done / seconds))) : "";
        log.accept(String.format(Locale.ROOT, "Downloading model %s: %s %s of %s (%d%%)%s", model, file, mib(done),
                mib(total), 100 * done / total, rate));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }
}
