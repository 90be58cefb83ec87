package io.github.gsi4j.bench.gpu;

import java.nio.file.Path;
import java.time.Duration;

import io.github.gsi4j.bench.GpuLatencyModel;
import io.github.gsi4j.bench.GpuLikeServer;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.jlama.JlamaModel;

/**
 * The fake {@code vllm serve} of the GPU script's test: the GPU-like server for one model name on a given port,
 * until the process is killed. Arguments: model folder, served name, port, vLLM's {@code --logprobs-mode}.
 */
public final class FakeVllmServe {

    private FakeVllmServe() {
    }

    public static void main(String[] args) throws InterruptedException {
        JlamaModel model = JlamaModel.load(Path.of(args[0]));
        ProposalDensity reported = args[3].equals("processed_logprobs") ? ProposalDensity.EXACT : ProposalDensity.RAW;
        GpuLikeServer server = new GpuLikeServer(model, args[1],
                new GpuLatencyModel(Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO, true), reported,
                Integer.parseInt(args[2]));
        System.out.println("fake vLLM serving " + args[1] + " at " + server.url());
        Thread.currentThread().join();
    }
}
