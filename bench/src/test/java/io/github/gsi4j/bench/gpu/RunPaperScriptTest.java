package io.github.gsi4j.bench.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.github.gsi4j.testing.Bigram;

/**
 * {@code bench/gpu/run-paper.sh} with a fake {@code vllm} command (the GPU-like server on a tiny model, on the
 * CPU): offline (HF_HUB_OFFLINE=1) with the weights in the cache, it starts the three servers one after the other
 * with the memory fractions of an 80 GB card, waits for each, runs the four policies, prints the paper's table and
 * stops the servers; with the weights missing from the cache it refuses before starting any.
 * <p>
 * It starts four JVMs (three fake servers and the runner) and takes 25 to 65 s, more than the test command's
 * budget for one test, so it runs only when asked for ({@code -Dgsi.gpu-script-test=true}, see
 * {@code bench/gpu/README.md}).
 */
@EnabledIfSystemProperty(named = "gsi.gpu-script-test", matches = "true")
class RunPaperScriptTest {

    @TempDir
    Path dir;

    @Test
    void startsTheServersRunsTheFourPoliciesAndPrintsTheTable() throws Exception {
        Path problems = dir.resolve("problems.jsonl");
        Files.writeString(problems, """
                {"problem": "What is 2 + 2?", "answer": "4", "unique_id": "a"}
                {"problem": "What is 2 + 3?", "answer": "5", "unique_id": "b"}
                """);
        Path log = dir.resolve("fake-vllm.log");
        int[] ports = { freePort(), freePort(), freePort() };
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("gpu/run-paper.sh").toAbsolutePath().toString(), "--problems",
                problems.toString(), "--gpu-memory-gb", "80", "--out", dir.resolve("out").toString(), "--", "--n", "2",
                "--max-steps", "2", "--max-step-tokens", "16", "--max-retries", "0");
        Map<String, String> env = pb.environment();
        env.put("VLLM", Path.of("src/test/resources/gpu/fake-vllm").toAbsolutePath().toString());
        env.put("FAKE_VLLM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("FAKE_VLLM_CP", System.getProperty("java.class.path"));
        env.put("FAKE_VLLM_MODEL_DIR",
                Bigram.answering("What is 2 + 2?", " So the answer is \\boxed{4}.\n\n").folder().toString());
        env.put("FAKE_VLLM_LOG", log.toString());
        env.put("RUNNER_CP", System.getProperty("java.class.path"));
        env.put("BASE_PORT", String.valueOf(ports[0]));
        env.put("PRM_PORT", String.valueOf(ports[1]));
        env.put("DRAFT_PORT", String.valueOf(ports[2]));
        env.put("WAIT_SECONDS", "120");
        env.put("HF_HUB_OFFLINE", "1");
        Path cache = dir.resolve("hf-cache");
        for (String m : List.of("Qwen--Qwen2.5-Math-1.5B-Instruct", "Qwen--Qwen2.5-Math-7B-Instruct",
                "Qwen--Qwen2.5-Math-PRM-7B")) {
            Files.createDirectories(cache.resolve("models--" + m).resolve("snapshots"));
        }
        env.put("HF_HUB_CACHE", cache.toString());
        Path output = dir.resolve("output.txt");
        Process p = pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the script finished").isTrue();
        String out = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(out);

        assertThat(p.exitValue()).as(out).isZero();
        List<String> served = Files.readAllLines(log);
        assertThat(served).hasSize(3);
        assertThat(served.get(0)).startsWith("serve Qwen/Qwen2.5-Math-7B-Instruct --port " + ports[0])
                .contains("--gpu-memory-utilization 0.38").contains("--no-enable-prefix-caching");
        assertThat(served.get(1)).startsWith("serve Qwen/Qwen2.5-Math-PRM-7B --port " + ports[1]).contains("--runner pooling")
                .contains("--gpu-memory-utilization 0.35");
        assertThat(served.get(2)).startsWith("serve Qwen/Qwen2.5-Math-1.5B-Instruct --port " + ports[2])
                .contains("--gpu-memory-utilization 0.12").doesNotContain("--logprobs-mode");
        assertThat(out).contains("GSI", "SOFT_BON_DRAFT", "SOFT_BON_BASE", "RSD", "accuracy", "s/step", "acceptance",
                "base tok/step");
        assertThat(Files.readString(dir.resolve("out/table-paper.txt"))).contains("RSD");
        for (int port : ports) {
            assertThat(isFree(port)).as("the server on port %d was stopped", port).isTrue();
        }

        Files.writeString(log, "");
        env.put("HF_HUB_CACHE", dir.resolve("empty-cache").toString());
        Process refused = pb.start();
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(Files.readString(output)).contains("is not in the Hugging Face cache");
        assertThat(Files.readString(log)).as("no server started").isEmpty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean isFree(int port) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }
}
