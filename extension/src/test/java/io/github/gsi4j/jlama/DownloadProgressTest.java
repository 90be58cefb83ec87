package io.github.gsi4j.jlama;

import static io.github.gsi4j.jlama.DownloadProgress.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The download log: Jlama's progress calls replayed on a hand-moved clock. */
class DownloadProgressTest {

    private final AtomicLong nanos = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private final DownloadProgress progress = new DownloadProgress("tjake/Qwen2.5-0.5B-Instruct-JQ4", nanos::get,
            lines::add, Duration.ofSeconds(10));

    private void at(double seconds, String file, long done, long total) {
        nanos.set((long) (seconds * 1e9));
        progress.update(file, done, total);
    }

    @Test
    void logsEachLargeFileAtItsStartEveryIntervalAndAtItsEndThenTheModelOnce() {
        at(0, "config.json", 0, 700);
        at(0.1, "config.json", 700, 700);
        at(0.2, "model.safetensors", 0, 100 * MIB);
        for (int s = 1; s <= 20; s++) { // Jlama calls update in a tight loop: many calls per second
            for (int k = 0; k < 50; k++) {
                at(0.2 + s - 1 + k / 50.0, "model.safetensors", (long) ((s - 1 + k / 50.0) * 5 * MIB), 100 * MIB);
            }
        }
        at(20.2, "model.safetensors", 100 * MIB, 100 * MIB);
        at(20.2, "model.safetensors", 100 * MIB, 100 * MIB);
        nanos.set(20_200_000_000L);
        progress.finished();

        assertThat(lines).as("start, after 10 s, end, and the model").hasSize(4);
        assertThat(lines.get(0)).isEqualTo(
                "Downloading model tjake/Qwen2.5-0.5B-Instruct-JQ4: model.safetensors 0.0 MiB of 100.0 MiB (0%)");
        assertThat(lines.get(1)).startsWith("Downloading model tjake/Qwen2.5-0.5B-Instruct-JQ4: model.safetensors 50.0 MiB"
                + " of 100.0 MiB (50%)").endsWith(", 4.9 MiB/s");
        assertThat(lines.get(2)).endsWith("model.safetensors 100.0 MiB of 100.0 MiB (100%), 5.0 MiB/s");
        assertThat(lines.get(3)).isEqualTo(
                "Downloaded model tjake/Qwen2.5-0.5B-Instruct-JQ4: 2 files, 100.0 MiB in 20.2 s (5.0 MiB/s)");
    }

    @Test
    void aModelAlreadyInTheCacheLogsNothing() {
        progress.finished();
        assertThat(lines).isEmpty();
    }
}
